namespace Simulator.Core.Charts;

/// <summary>
/// Which idle stretches a time axis cuts out. Rule: take the gaps between consecutive event times from the largest
/// down; cut a gap while it is at least <see cref="Ratio"/> times everything still shown (all other gaps not cut)
/// and at least <see cref="MinimumGapNs"/>. So 60 s of TIME-WAIT after a 3 ms exchange is cut, a 1 s retransmission
/// wait after a 30 µs handshake is cut, but a doubling back-off (each wait about the sum of all before it) stays
/// linear, which shows the back-off as it is.
/// </summary>
public sealed record TimeBreaks(double Ratio = 4, long MinimumGapNs = 1_000_000)
{
    public static readonly TimeBreaks Default = new();

    /// <summary>The gaps to cut, as (from, to) between two event times, in time order.</summary>
    public IReadOnlyList<(long From, long To)> Find(IEnumerable<long> times)
    {
        long[] t = times.Distinct().Order().ToArray();
        if (t.Length < 3) return [];
        var gaps = Enumerable.Range(0, t.Length - 1)
            .Select(i => (From: t[i], To: t[i + 1], Length: t[i + 1] - t[i]))
            .OrderByDescending(g => g.Length).ThenBy(g => g.From)
            .ToList();
        long shown = t[^1] - t[0];
        var cut = new List<(long From, long To)>();
        foreach (var g in gaps)
        {
            long rest = shown - g.Length;
            if (g.Length < MinimumGapNs || g.Length < Ratio * rest) break;
            cut.Add((g.From, g.To));
            shown = rest;
        }
        return [.. cut.OrderBy(c => c.From)];
    }
}
