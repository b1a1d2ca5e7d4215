using System.Globalization;
using System.Text;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Export;

/// <summary>
/// A state change as a listing shows it. Ours: <c>t_ms endpoint STATE</c>. The reference's sampled kernel table
/// adds the socket's <see cref="Local"/> and <see cref="Peer"/> addresses and <see cref="PrevMs"/>, the start of
/// the previous sample (the change happened between <see cref="PrevMs"/> and <see cref="TimeMs"/>).
/// </summary>
public sealed record StateRow(double TimeMs, string Endpoint, TcpState State, string? Local = null, string? Peer = null, double? PrevMs = null)
{
    public const string AnyPeer = "0.0.0.0:*";

    /// <summary>A listening socket's row in the reference (peer <c>0.0.0.0:*</c>).</summary>
    public bool IsListenerRow => Peer == AnyPeer;

    public string ToLine()
    {
        var sb = new StringBuilder();
        sb.Append(WireSegment.FormatMs(TimeMs)).Append(' ').Append(Endpoint).Append(' ').Append(State.ToRfcName());
        if (Local is not null) sb.Append(' ').Append(Local).Append(' ').Append(Peer);
        if (PrevMs is double p) sb.Append(' ').Append(WireSegment.FormatMs(p));
        return sb.ToString();
    }

    public override string ToString() => ToLine();
}

/// <summary><c>states.txt</c>: <c>t_ms endpoint STATE</c> at each state change, RFC spelling.</summary>
public static class StatesText
{
    public const string ColumnHeader = "# t_ms endpoint STATE";

    public static IReadOnlyList<StateRow> FromTrace(Trace trace) =>
        trace.OfType<StateChanged>().Select(c => new StateRow(c.Time.Nanoseconds / 1e6, c.Endpoint, c.To)).ToList();

    public static string Write(Trace trace)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture,
            $"# scenario {trace.Scenario}: endpoint state changes (RFC 9293 names; profile {trace.Profile}, seed {trace.Seed})\n");
        sb.Append("# t0 = scenario start; accepted connections are named <listener>#<n>\n");
        sb.Append(ColumnHeader).Append('\n');
        foreach (var c in trace.OfType<StateChanged>())
            sb.Append(CultureInfo.InvariantCulture, $"{c.Time.ToMillisecondsString()} {c.Endpoint} {c.To.ToRfcName()}\n");
        return sb.ToString();
    }

    /// <summary>
    /// Parses ours (<c>t_ms endpoint STATE</c>) or the reference's (<c>t_ms side STATE local peer prev_ms</c>,
    /// Linux state names such as <c>SYN_RECV</c> and <c>FIN_WAIT_1</c>).
    /// </summary>
    /// <exception cref="TraceFormatException">A line that is neither.</exception>
    public static IReadOnlyList<StateRow> Parse(string text, string inputName = "states.txt")
    {
        var list = new List<StateRow>();
        int lineNo = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNo++;
            string line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            string[] t = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            TraceFormatException Error(string m) => new(inputName, lineNo, m);
            if (t.Length is not (3 or 5 or 6))
                throw Error($"expected 't_ms endpoint STATE' or 't_ms side STATE local peer prev_ms', got {t.Length} field(s): '{line}'");
            if (!TryMs(t[0], out double ms)) throw Error($"t_ms '{t[0]}' is not a number");
            if (!TcpStateNames.TryParse(t[2], out TcpState state))
                throw Error($"'{t[2]}' is not a TCP state (expected e.g. SYN-SENT or SYN_SENT)");
            string? local = null, peer = null;
            double? prev = null;
            if (t.Length >= 5)
            {
                local = t[3];
                peer = t[4];
            }
            if (t.Length == 6)
            {
                if (!TryMs(t[5], out double p)) throw Error($"prev_ms '{t[5]}' is not a number");
                prev = p;
            }
            list.Add(new StateRow(ms, t[1], state, local, peer, prev));
        }
        return list;
    }

    /// <summary>
    /// When a reference's sampling stopped, per side, in Unix seconds: its <c># sampler c: end 1795252951.216962 ...</c>
    /// comments. Empty for our files.
    /// </summary>
    public static IReadOnlyDictionary<string, double> SamplingEnds(string text)
    {
        var ends = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string raw in text.Split('\n'))
        {
            string[] t = raw.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (t.Length >= 5 && t[0] == "#" && t[1] == "sampler" && t[2].EndsWith(':') && t[3] == "end"
                && double.TryParse(t[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double end))
                ends[t[2][..^1]] = end;
        }
        return ends;
    }

    private static bool TryMs(string s, out double ms) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out ms) && double.IsFinite(ms);
}
