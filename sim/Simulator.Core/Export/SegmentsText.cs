using System.Globalization;
using System.Text;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Export;

/// <summary>
/// <c>segments.txt</c>: one line per segment at its send time, <c>t_ms dir flags seq ack len notes</c>, the columns
/// of the Linux reference traces; the notes are the fate (<see cref="SegmentNotes"/>), then the SACK blocks
/// (<see cref="SackText"/>). The parser reads this format and the reference one (with its extra
/// <c>conn</c> column, e.g. <c>50064:5000</c>, before the notes).
/// </summary>
public static class SegmentsText
{
    public const string ColumnHeader = "# t_ms dir flags seq ack len notes";

    /// <summary>The listing of every <see cref="SegmentSent"/>, times from the scenario start.</summary>
    public static IReadOnlyList<WireSegment> FromTrace(Trace trace)
    {
        var all = trace.OfType<SegmentSent>().ToList();
        var rel = new RelativeSequence(all.Select(s => s.Segment));
        var list = new List<WireSegment>();
        IReadOnlySet<long> stale = StaleSegments.Ids(trace);
        foreach (var sent in all)
        {
            var (seq, ack) = rel.Next(sent.Segment);
            list.Add(new WireSegment(sent.Time.Nanoseconds / 1e6, sent.FromHost + ">" + sent.ToHost,
                sent.Segment.Flags, seq, ack, sent.Segment.Length, SegmentNotes.For(sent.Fate, stale.Contains(sent.Id)),
                SackText.Of(sent.Segment, rel)));
        }
        return list;
    }

    /// <summary>The whole file, <c>\n</c> line ends.</summary>
    public static string Write(Trace trace)
    {
        var sent = trace.OfType<SegmentSent>().ToList();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"# scenario {trace.Scenario}: TCP segments at their send time (profile {trace.Profile}, seed {trace.Seed})\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"# t0 = scenario start; {sent.Count} segments; {sent.Count(s => s.Fate == SegmentFate.Lost)} lost\n");
        sb.Append(ColumnHeader).Append('\n');
        var rel = new RelativeSequence(sent.Select(s => s.Segment));
        IReadOnlySet<long> stale = StaleSegments.Ids(trace);
        foreach (var s in sent)
        {
            var (seq, ack) = rel.Next(s.Segment);
            sb.Append(CultureInfo.InvariantCulture,
                $"{s.Time.ToMillisecondsString()} {s.FromHost}>{s.ToHost} {s.Segment.Flags.ToTcpdump()} {RelativeSequence.Signed(seq)} {RelativeSequence.Signed(ack)} {s.Segment.Length}");
            string? note = SegmentNotes.For(s.Fate, stale.Contains(s.Id));
            if (note is not null) sb.Append(' ').Append(note);
            if (SackText.Of(s.Segment, rel) is string sack) sb.Append(' ').Append(sack);
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>
    /// Parses our format or the reference one. Lines starting with <c>#</c> and blank lines are skipped.
    /// </summary>
    /// <exception cref="TraceFormatException">A line that is neither, located as <c>file:line</c>.</exception>
    public static IReadOnlyList<WireSegment> Parse(string text, string inputName = "segments.txt")
    {
        var list = new List<WireSegment>();
        int lineNo = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNo++;
            string line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            list.Add(ParseLine(line, inputName, lineNo));
        }
        return list;
    }

    private static WireSegment ParseLine(string line, string inputName, int lineNo)
    {
        string[] t = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        TraceFormatException Error(string m) => new(inputName, lineNo, m);
        if (t.Length < 6)
            throw Error($"expected 't_ms dir flags seq ack len [conn] [notes]', got {t.Length} field(s): '{line}'");
        if (!double.TryParse(t[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) || !double.IsFinite(ms))
            throw Error($"t_ms '{t[0]}' is not a number");
        int gt = t[1].IndexOf('>', StringComparison.Ordinal);
        if (gt <= 0 || gt == t[1].Length - 1 || t[1].IndexOf('>', gt + 1) >= 0)
            throw Error($"dir '{t[1]}' is not 'from>to'");
        if (!TcpFlagsExtensions.TryParseTcpdump(t[2], out TcpFlags flags))
            throw Error($"flags '{t[2]}' are not tcpdump flags like [S] [S.] [.] [P.] [F.] [R]");
        if (!RelativeSequence.TryParse(t[3], out uint seq))
            throw Error($"seq '{t[3]}' is not a 32-bit number");
        if (!RelativeSequence.TryParse(t[4], out uint ack))
            throw Error($"ack '{t[4]}' is not a 32-bit number");
        if (!int.TryParse(t[5], NumberStyles.None, CultureInfo.InvariantCulture, out int len))
            throw Error($"len '{t[5]}' is not a byte count");
        int rest = 6;
        if (t.Length > rest && IsConn(t[rest])) rest++;
        var words = t[rest..];
        int sackAt = SackText.Start(words);
        int noteEnd = sackAt < 0 ? words.Length : sackAt;
        string? note = noteEnd > 0 ? string.Join(' ', words, 0, noteEnd) : null;
        string? sack = null;
        if (sackAt >= 0)
        {
            if (!SackText.TryParse(words[sackAt..], out string sackText, out string problem)) throw Error(problem);
            sack = sackText;
        }
        return new WireSegment(ms, t[1], flags, seq, ack, len, note, sack);
    }

    /// <summary>
    /// The Unix time of a reference's t0, from its <c># t0 = first SYN at epoch 1795253055.262515; ...</c> comment;
    /// null when the file has none (ours count from the scenario start).
    /// </summary>
    public static double? EpochT0(string text)
    {
        const string marker = "t0 = first SYN at epoch ";
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] != '#') continue;
            int at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) continue;
            string rest = line[(at + marker.Length)..];
            int end = rest.IndexOfAny([';', ' ']);
            if (double.TryParse(end < 0 ? rest : rest[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out double epoch))
                return epoch;
        }
        return null;
    }

    /// <summary>The reference's <c>conn</c> column: <c>clientport:serverport</c>.</summary>
    private static bool IsConn(string token)
    {
        int colon = token.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < token.Length - 1
            && token.AsSpan(0, colon).ContainsAnyExceptInRange('0', '9') is false
            && token.AsSpan(colon + 1).ContainsAnyExceptInRange('0', '9') is false;
    }
}
