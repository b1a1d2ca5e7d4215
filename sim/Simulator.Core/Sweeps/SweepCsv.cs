using System.Globalization;
using System.Text;
using Simulator.Core.Time;

namespace Simulator.Core.Sweeps;

/// <summary>
/// <c>runs.csv</c> (one row per run, in run order) and <c>summary.csv</c> (one row per grid point): RFC 4180 text
/// with <c>\n</c> line ends, times in milliseconds with three decimals. <see cref="ReadRuns"/> reads runs.csv back
/// into the rows that wrote it, which is what makes a merge of shards byte-identical to one unsharded sweep.
/// </summary>
public static class SweepCsv
{
    public static readonly IReadOnlyList<string> LeadingColumns = ["run", "seed"];

    public static readonly IReadOnlyList<string> ResultColumns =
    [
        "connect_result", "connect_ms", "close_ms", "end_ms", "segments", "lost", "retransmissions",
        "expectations_passed", "expectations_failed",
    ];

    public static IReadOnlyList<string> RunColumns(IReadOnlyList<string> keys, StateColumns states) =>
        [.. LeadingColumns, .. keys, .. ResultColumns, .. states.Names];

    public static string WriteRuns(IReadOnlyList<string> keys, StateColumns states, IEnumerable<RunSummary> rows)
    {
        var text = new StringBuilder();
        Line(text, RunColumns(keys, states));
        CultureInfo c = CultureInfo.InvariantCulture;
        foreach (RunSummary r in rows)
        {
            // Straight into the builder: a 100,000-run sweep writes millions of fields.
            text.Append(c, $"{r.Run},{r.Seed}");
            foreach (string value in r.Values) Field(text.Append(','), value);
            Field(text.Append(','), r.ConnectResult);
            AppendMillis(text.Append(','), r.ConnectUs);
            AppendMillis(text.Append(','), r.CloseUs);
            AppendMillis(text.Append(','), r.EndUs);
            text.Append(c, $",{r.Segments},{r.Lost},{r.Retransmissions},{r.ExpectationsPassed},{r.ExpectationsFailed}");
            foreach (long us in r.StateUs) AppendMillis(text.Append(','), us);
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>As <see cref="Millis"/>, appended.</summary>
    private static void AppendMillis(StringBuilder text, long? us)
    {
        if (us is not long v) return;
        if (v < 0) text.Append('-');
        v = Math.Abs(v);
        text.Append(CultureInfo.InvariantCulture, $"{v / 1000}.{v % 1000:D3}");
    }

    /// <summary>The sweep's runs.csv read back: its keys, state columns and rows; errors name the line.</summary>
    public static RunTable ReadRuns(string text, string fileForMessages)
    {
        string[] lines = text.Split('\n');
        if (lines.Length < 1 || lines[0].Length == 0) throw new FormatException($"{fileForMessages}:1: empty; not a runs.csv of tcpsim sweep");
        List<string> header = Fields(lines[0]);
        int resultAt = header.IndexOf(ResultColumns[0]);
        if (header.Count < 2 || header[0] != "run" || header[1] != "seed" || resultAt < 2
            || !header.Skip(resultAt).Take(ResultColumns.Count).SequenceEqual(ResultColumns))
            throw new FormatException($"{fileForMessages}:1: the header is not that of a runs.csv of tcpsim sweep");
        string[] keys = [.. header.Take(resultAt).Skip(2)];
        string[] stateNames = [.. header.Skip(resultAt + ResultColumns.Count)];
        var endpoints = stateNames.Select(n => n[..n.LastIndexOf('.')]).Distinct().ToArray();
        var states = new StateColumns(endpoints);
        if (!states.Names.SequenceEqual(stateNames))
            throw new FormatException($"{fileForMessages}:1: unexpected time-in-state columns");
        var rows = new List<RunSummary>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 && i == lines.Length - 1) break;
            List<string> f = Fields(lines[i]);
            if (f.Count != header.Count)
                throw new FormatException($"{fileForMessages}:{i + 1}: {f.Count} fields, the header has {header.Count}");
            try
            {
                int at = resultAt;
                rows.Add(new RunSummary
                {
                    Run = long.Parse(f[0], CultureInfo.InvariantCulture),
                    Seed = ulong.Parse(f[1], CultureInfo.InvariantCulture),
                    Values = f.GetRange(2, keys.Length),
                    ConnectResult = f[at],
                    ConnectUs = ParseMillis(f[at + 1]),
                    CloseUs = ParseMillis(f[at + 2]),
                    EndUs = ParseMillis(f[at + 3]) ?? throw new FormatException("end_ms is empty"),
                    Segments = long.Parse(f[at + 4], CultureInfo.InvariantCulture),
                    Lost = long.Parse(f[at + 5], CultureInfo.InvariantCulture),
                    Retransmissions = long.Parse(f[at + 6], CultureInfo.InvariantCulture),
                    ExpectationsPassed = int.Parse(f[at + 7], CultureInfo.InvariantCulture),
                    ExpectationsFailed = int.Parse(f[at + 8], CultureInfo.InvariantCulture),
                    StateUs = [.. f.Skip(at + ResultColumns.Count).Select(s => ParseMillis(s) ?? 0)],
                });
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new FormatException($"{fileForMessages}:{i + 1}: {e.Message}", e);
            }
        }
        return new RunTable(keys, states, rows);
    }

    public static string WriteSummary(SweepSummary summary)
    {
        var text = new StringBuilder();
        Line(text, [.. summary.Keys, "runs", "ok", "success_rate", "success_low95", "success_high95",
            "connect_p50_ms", "connect_p90_ms", "connect_p99_ms", "connect_max_ms",
            "close_p50_ms", "close_p90_ms", "close_p99_ms", "close_max_ms", "outcomes"]);
        foreach (PointSummary p in summary.Points)
        {
            Line(text, [.. p.Values, Integer(p.Runs), Integer(p.Connected), Rate(p.SuccessRate), Rate(p.SuccessLow), Rate(p.SuccessHigh),
                .. Quantiles(p.Connect), .. Quantiles(p.Close),
                string.Join(';', summary.OutcomesAt(p).Where(o => o.Runs > 0).Select(o => $"{o.Result}={o.Runs}"))]);
        }
        return text.ToString();
    }

    private static string[] Quantiles(TimeQuantiles? q) =>
        q is null ? ["", "", "", ""] : [Millis(q.P50), Millis(q.P90), Millis(q.P99), Millis(q.Max)];

    public static string Rate(double r) => r.ToString("F6", CultureInfo.InvariantCulture);

    /// <summary>Microseconds as milliseconds with three decimals; empty for none.</summary>
    public static string Millis(long? us) => us is long v ? new SimTime(v * 1000).ToMillisecondsString() : "";

    private static long? ParseMillis(string text)
    {
        if (text.Length == 0) return null;
        int dot = text.IndexOf('.');
        if (dot < 0 || text.Length - dot - 1 != 3) throw new FormatException($"'{text}' is not milliseconds with three decimals");
        bool negative = text.StartsWith('-');
        long whole = long.Parse(text.AsSpan(negative ? 1 : 0, dot - (negative ? 1 : 0)), NumberStyles.None, CultureInfo.InvariantCulture);
        long frac = long.Parse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture);
        long us = whole * 1000 + frac;
        return negative ? -us : us;
    }

    private static string Integer(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        bool first = true;
        foreach (string field in fields)
        {
            if (!first) text.Append(',');
            first = false;
            Field(text, field);
        }
        text.Append('\n');
    }

    /// <summary>One field, quoted when it holds a comma, a quote or a line end (RFC 4180).</summary>
    private static void Field(StringBuilder text, string field)
    {
        if (field.AsSpan().IndexOfAny(",\"\n\r") < 0) text.Append(field);
        else text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>The fields of one CSV line (quoted fields may hold commas and doubled quotes).</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }
}

/// <summary>The rows of a runs.csv with the columns that frame them.</summary>
public sealed record RunTable(IReadOnlyList<string> Keys, StateColumns States, IReadOnlyList<RunSummary> Rows);
