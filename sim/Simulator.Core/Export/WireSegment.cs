using System.Globalization;
using Simulator.Core.Tcp;

namespace Simulator.Core.Export;

/// <summary>
/// One segment as a wire listing shows it (<c>segments.txt</c>, a reference trace, or a capture): time in ms,
/// direction <c>from&gt;to</c>, tcpdump flags, relative seq/ack, payload length, an optional note (the fate) and the
/// SACK blocks it carries as <see cref="SackText"/> writes them (null: no SACK option).
/// </summary>
public sealed record WireSegment(double TimeMs, string Dir, TcpFlags Flags, uint Seq, uint Ack, int Len, string? Note, string? Sack = null)
{
    /// <summary>The sending side of <see cref="Dir"/>.</summary>
    public string From => Dir[..Dir.IndexOf('>', StringComparison.Ordinal)];

    /// <summary>The receiving side of <see cref="Dir"/>.</summary>
    public string To => Dir[(Dir.IndexOf('>', StringComparison.Ordinal) + 1)..];

    /// <summary>Same direction, flags, relative seq and ack, length and SACK blocks (time and note aside).</summary>
    public bool SameWire(WireSegment other) =>
        Dir == other.Dir && Flags == other.Flags && Seq == other.Seq && Ack == other.Ack && Len == other.Len && Sack == other.Sack;

    /// <summary>The <c>segments.txt</c> line: <c>t_ms dir flags seq ack len [note] [sack]</c>.</summary>
    public string ToLine()
    {
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{FormatMs(TimeMs)} {Dir} {Flags.ToTcpdump()} {Tracing.RelativeSequence.Signed(Seq)} {Tracing.RelativeSequence.Signed(Ack)} {Len}");
        if (Note is not null) line += " " + Note;
        return Sack is null ? line : line + " " + Sack;
    }

    public override string ToString() => ToLine();

    /// <summary>Milliseconds with three decimals, invariant culture.</summary>
    public static string FormatMs(double ms) => ms.ToString("0.000", CultureInfo.InvariantCulture);
}
