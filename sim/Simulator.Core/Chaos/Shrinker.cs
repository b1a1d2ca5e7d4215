using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Chaos;

/// <summary>
/// Shrinks a failing schedule to a small one that still fails the same check (greedy, as QuickCheck and Hypothesis
/// do): first the segments random loss dropped become targeted drops, then faults and noisy links are removed one at
/// a time, counts and nth lowered, holds shortened and link noise narrowed, until no single step keeps the failure.
/// Each candidate is judged by <c>fails</c>; at most <c>budget</c> candidates are tried.
/// </summary>
public static class Shrinker
{
    public static FaultSchedule Shrink(FaultSchedule failing, Trace? failingTrace, Func<FaultSchedule, bool> fails, int budget = 2000)
    {
        FaultSchedule best = failing;
        int tries = 0;
        bool Try(FaultSchedule candidate)
        {
            if (tries >= budget || candidate.Equals(best)) return false;
            tries++;
            if (!fails(candidate)) return false;
            best = candidate;
            return true;
        }

        if (failingTrace is not null && Concretize(failing, failingTrace) is FaultSchedule concrete) Try(concrete);
        bool progress = true;
        while (progress && tries < budget)
        {
            progress = false;
            foreach (FaultSchedule candidate in Simpler(best))
            {
                if (Try(candidate))
                {
                    progress = true;
                    break;
                }
            }
        }
        return best;
    }

    /// <summary>Smaller neighbours of a schedule, most radical first.</summary>
    public static IEnumerable<FaultSchedule> Simpler(FaultSchedule s)
    {
        for (int i = 0; i < s.Noise.Count; i++) yield return s with { Noise = Without(s.Noise, i) };
        for (int i = 0; i < s.Faults.Count; i++) yield return s with { Faults = Without(s.Faults, i) };
        for (int i = 0; i < s.Faults.Count; i++)
            foreach (FaultRule f in Simpler(s.Faults[i])) yield return s with { Faults = Replace(s.Faults, i, f) };
        for (int i = 0; i < s.Noise.Count; i++)
            foreach (LinkNoise n in Simpler(s.Noise[i])) yield return s with { Noise = n.IsQuiet ? Without(s.Noise, i) : Replace(s.Noise, i, n) };
    }

    private static IEnumerable<FaultRule> Simpler(FaultRule f)
    {
        if (f.Nth is null && f.Count is null) yield return f with { Nth = 1 };             // every match → the first
        if (f.Count is int c)
        {
            yield return f with { Count = null, Nth = 1 };
            if (c > 2) yield return f with { Count = c / 2 };
            if (c > 1) yield return f with { Count = c - 1 };
        }
        if (f.Nth is int n && n > 1)
        {
            yield return f with { Nth = 1 };
            if (n > 2) yield return f with { Nth = n - 1 };
        }
        if (f.SentAfter is not null) yield return f with { SentAfter = null };
        if (f.SentBefore is not null) yield return f with { SentBefore = null };
        if (f.Action != FaultAction.Drop && f.By > SimDuration.FromMilliseconds(1))
            yield return f with { By = Shorter(f.By) };
    }

    private static IEnumerable<LinkNoise> Simpler(LinkNoise n)
    {
        if (n.Loss > 0) yield return n with { Loss = 0 };
        if (n.Duplicate > 0) yield return n with { Duplicate = 0 };
        if (n.Jitter > SimDuration.Zero) yield return n with { Jitter = SimDuration.Zero };
        if (n.Loss > 0.001) yield return n with { Loss = Math.Round(n.Loss / 2, 4) };
        if (n.Duplicate > 0.001) yield return n with { Duplicate = Math.Round(n.Duplicate / 2, 4) };
        if (n.Jitter > SimDuration.FromMicroseconds(1)) yield return n with { Jitter = SimDuration.FromMicroseconds(n.Jitter.Nanoseconds / 2000) };
    }

    /// <summary>Half the hold, rounded down to a whole millisecond (never below 1 ms): short, readable numbers.</summary>
    private static SimDuration Shorter(SimDuration by) =>
        SimDuration.FromMilliseconds(Math.Max(1, by.Nanoseconds / 2 / 1_000_000));

    /// <summary>
    /// The schedule with the segments random loss dropped in <paramref name="trace"/> turned into targeted drops (and
    /// the noise's loss removed): the same run, if nothing else drew from the link's random stream. Null when random
    /// loss dropped nothing. Each drop names the segment as the nth match of its class that reaches its rule (rules
    /// that fired earlier take a segment away from the later ones).
    /// </summary>
    public static FaultSchedule? Concretize(FaultSchedule schedule, Trace trace)
    {
        var firedOn = trace.OfType<FaultApplied>().Select(f => f.SegmentId).ToHashSet();
        var sent = trace.OfType<SegmentSent>()
            .Where(s => s.Fate is not (SegmentFate.Duplicate or SegmentFate.Injected) && s.Cause != "no route")
            .ToArray();
        var drops = new List<FaultRule>();
        var targets = new HashSet<long>();
        foreach (SegmentSent lost in sent.Where(s => s.Cause == "random loss"))
        {
            SegmentKind kind = KindOf(lost.Segment);
            int nth = sent.Count(s => s.Id <= lost.Id && s.FromHost == lost.FromHost && s.ToHost == lost.ToHost
                && kind.Matches(s.Segment) && !firedOn.Contains(s.Id) && !targets.Contains(s.Id));
            targets.Add(lost.Id);
            drops.Add(new FaultRule { Action = FaultAction.Drop, From = lost.FromHost, To = lost.ToHost, Kind = kind, Nth = nth });
        }
        if (drops.Count == 0) return null;
        return new FaultSchedule([.. schedule.Faults, .. drops],
            [.. schedule.Noise.Select(n => n with { Loss = 0 }).Where(n => !n.IsQuiet)]);
    }

    /// <summary>The most specific class a segment belongs to, as a fault names it.</summary>
    public static SegmentKind KindOf(in Tcp.Segment s)
    {
        foreach (SegmentKind k in (ReadOnlySpan<SegmentKind>)[SegmentKind.Syn, SegmentKind.SynAck, SegmentKind.Rst, SegmentKind.Fin, SegmentKind.Data, SegmentKind.Ack])
            if (k.Matches(s)) return k;
        return SegmentKind.Any;
    }

    private static T[] Without<T>(IReadOnlyList<T> list, int index) => [.. list.Where((_, i) => i != index)];

    private static T[] Replace<T>(IReadOnlyList<T> list, int index, T value) => [.. list.Select((x, i) => i == index ? value : x)];
}
