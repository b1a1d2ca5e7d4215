using Simulator.Core.Tcp;

namespace Simulator.Cli.Yaml;

/// <summary>
/// TCP flags as a scenario writes them for injected segments and expected segments: tcpdump's letters, with or
/// without brackets (<c>S</c>, <c>[S.]</c>, <c>.</c>, <c>P.</c>, <c>F.</c>, <c>R</c>, <c>R.</c>, <c>[none]</c>), or
/// bit names joined by '-', '+', ',' or '|' (<c>SYN</c>, <c>SYN-ACK</c>, <c>FIN-ACK</c>, <c>RST</c>, <c>PSH-ACK</c>).
/// </summary>
public static class FlagsSyntax
{
    public const string Allowed =
        "write tcpdump's letters (S, S., ., P., F., FP., R, R.; F=FIN S=SYN R=RST P=PSH U=URG .=ACK) or names joined by '-' (SYN, SYN-ACK, ACK, FIN-ACK, RST, RST-ACK, PSH-ACK)";

    private static readonly string[] BitNames = ["SYN", "ACK", "FIN", "RST", "PSH", "URG"];

    public static bool TryParse(string text, out TcpFlags flags, out string error)
    {
        string t = text.Trim();
        error = "";
        if (t is "none" or "[none]")
        {
            flags = TcpFlags.None;
            return true;
        }
        bool bracketed = t.StartsWith('[') && t.EndsWith(']');
        if (bracketed || (t.Length > 0 && t.All(c => "FSRPU.".Contains(c, StringComparison.Ordinal))))
        {
            if (TcpFlagsExtensions.TryParseTcpdump(bracketed ? t : $"[{t}]", out flags)) return true;
            error = $"'{text}' is not a set of TCP flags; {Allowed}";
            return false;
        }
        flags = TcpFlags.None;
        foreach (string part in t.Split(['-', '+', ',', '|'], StringSplitOptions.TrimEntries))
        {
            TcpFlags bit = part.ToUpperInvariant() switch
            {
                "SYN" => TcpFlags.Syn,
                "ACK" => TcpFlags.Ack,
                "FIN" => TcpFlags.Fin,
                "RST" => TcpFlags.Rst,
                "PSH" => TcpFlags.Psh,
                "URG" => TcpFlags.Urg,
                _ => TcpFlags.None,
            };
            if (bit == TcpFlags.None || flags.Has(bit))
            {
                string hint = bit == TcpFlags.None ? DidYouMean.Hint(part, BitNames) : "";
                error = $"'{text}' is not a set of TCP flags{(hint.Length > 0 ? $": '{part}'{hint}" : "")}; {Allowed}";
                return false;
            }
            flags |= bit;
        }
        return true;
    }
}
