namespace Simulator.Core.Sweeps;

/// <summary>p50, p90, p99 and the maximum of a set of times (microseconds); null when there are none.</summary>
public sealed record TimeQuantiles(long P50, long P90, long P99, long Max)
{
    public static TimeQuantiles? Of(IEnumerable<long> values)
    {
        long[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? null : new TimeQuantiles(
            Statistics.Quantile(sorted, 0.50), Statistics.Quantile(sorted, 0.90), Statistics.Quantile(sorted, 0.99), sorted[^1]);
    }
}

/// <summary>
/// One grid point of a sweep: how many runs connected (with a 95 % Wilson interval), how the others ended, and
/// the connect and close time quantiles over the runs that have them.
/// </summary>
public sealed record PointSummary(
    IReadOnlyList<string> Values,
    long Runs,
    long Connected,
    double SuccessLow,
    double SuccessHigh,
    IReadOnlyList<(string Result, long Runs)> Outcomes,
    TimeQuantiles? Connect,
    TimeQuantiles? Close,
    IReadOnlyList<long> ConnectTimesUs)
{
    public double SuccessRate => Runs == 0 ? 0 : (double)Connected / Runs;
}

/// <summary>The statistics of a sweep, computed from its rows alone (so a merge of shards computes the same).</summary>
public sealed record SweepSummary(IReadOnlyList<string> Keys, IReadOnlyList<PointSummary> Points)
{
    /// <summary>Connect results in the order charts and tables show them: success first, then errors, then none.</summary>
    public IReadOnlyList<string> OutcomeOrder =>
        [.. Points.SelectMany(p => p.Outcomes.Select(o => o.Result)).Distinct()
            .OrderBy(r => r == "ok" ? 0 : r == RunSummary.NoConnect ? 2 : 1).ThenBy(r => r, StringComparer.Ordinal)];

    /// <summary>Runs per connect result at <paramref name="point"/>, for every result of <see cref="OutcomeOrder"/> (zeros included).</summary>
    public IEnumerable<(string Result, long Runs)> OutcomesAt(PointSummary point) =>
        OutcomeOrder.Select(o => (o, point.Outcomes.FirstOrDefault(x => x.Result == o).Runs));

    /// <summary>Groups rows (in run order) by grid point, in the order the points first appear.</summary>
    public static SweepSummary Of(IReadOnlyList<string> keys, IReadOnlyList<RunSummary> rows)
    {
        var groups = new List<List<RunSummary>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (RunSummary row in rows)
        {
            string point = string.Join('\u001f', row.Values);
            if (!index.TryGetValue(point, out int i))
            {
                index[point] = i = groups.Count;
                groups.Add([]);
            }
            groups[i].Add(row);
        }
        return new SweepSummary(keys, [.. groups.Select(Point)]);
    }

    private static PointSummary Point(List<RunSummary> runs)
    {
        long connected = runs.Count(r => r.Connected);
        (double low, double high) = Statistics.Wilson(connected, runs.Count);
        var outcomes = runs.GroupBy(r => r.ConnectResult).Select(g => (g.Key, (long)g.Count())).ToArray();
        long[] connectTimes = [.. runs.Where(r => r.Connected && r.ConnectUs is not null).Select(r => r.ConnectUs!.Value).Order()];
        return new PointSummary(runs[0].Values, runs.Count, connected, low, high, outcomes,
            TimeQuantiles.Of(connectTimes), TimeQuantiles.Of(runs.Where(r => r.CloseUs is not null).Select(r => r.CloseUs!.Value)),
            connectTimes);
    }
}
