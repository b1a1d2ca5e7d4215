using Simulator.Core.Tcp;

namespace Simulator.Core.Network;

/// <summary>
/// The segment classes a fault or an expectation can name. <see cref="Ack"/> is a pure ACK (no data, no SYN, FIN
/// or RST); <see cref="Fin"/> and <see cref="Rst"/> match any segment carrying that bit.
/// </summary>
public enum SegmentKind
{
    Any,
    Syn,
    SynAck,
    Ack,
    Data,
    Fin,
    Rst,
}

public static class SegmentKinds
{
    public static bool Matches(this SegmentKind kind, in Segment s) => kind switch
    {
        SegmentKind.Any => true,
        SegmentKind.Syn => s.Is(TcpFlags.Syn) && !s.Is(TcpFlags.Ack) && !s.Is(TcpFlags.Rst),
        SegmentKind.SynAck => s.Is(TcpFlags.Syn) && s.Is(TcpFlags.Ack) && !s.Is(TcpFlags.Rst),
        SegmentKind.Ack => s.Is(TcpFlags.Ack) && s.Length == 0 && (s.Flags & (TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst)) == 0,
        SegmentKind.Data => s.Length > 0,
        SegmentKind.Fin => s.Is(TcpFlags.Fin),
        SegmentKind.Rst => s.Is(TcpFlags.Rst),
        _ => false,
    };

    public static string ToScenarioName(this SegmentKind kind) => kind switch
    {
        SegmentKind.Any => "ANY",
        SegmentKind.Syn => "SYN",
        SegmentKind.SynAck => "SYN-ACK",
        SegmentKind.Ack => "ACK",
        SegmentKind.Data => "DATA",
        SegmentKind.Fin => "FIN",
        SegmentKind.Rst => "RST",
        _ => kind.ToString(),
    };

    public static readonly IReadOnlyList<string> ScenarioNames = ["SYN", "SYN-ACK", "ACK", "DATA", "FIN", "RST", "ANY"];

    public static bool TryParse(string text, out SegmentKind kind)
    {
        kind = text.Trim().ToUpperInvariant() switch
        {
            "ANY" => SegmentKind.Any,
            "SYN" => SegmentKind.Syn,
            "SYN-ACK" or "SYNACK" or "SYN,ACK" => SegmentKind.SynAck,
            "ACK" => SegmentKind.Ack,
            "DATA" => SegmentKind.Data,
            "FIN" => SegmentKind.Fin,
            "RST" => SegmentKind.Rst,
            _ => (SegmentKind)(-1),
        };
        return (int)kind >= 0;
    }
}
