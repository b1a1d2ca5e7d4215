using Simulator.Core.Network;
using Simulator.Core.Randomness;
using Simulator.Core.Scenarios;
using Simulator.Core.Time;

namespace Simulator.Core.Chaos;

/// <summary>
/// Draws random fault schedules within <see cref="ChaosBounds"/>. Schedule number <c>run</c> of seed <c>seed</c> comes
/// from its own stream, so it is the same whatever order or thread runs it.
/// </summary>
public static class ScheduleGenerator
{
    private static readonly SimDuration ShortestHold = SimDuration.FromMicroseconds(100);

    public static FaultSchedule Generate(Scenario scenario, ChaosBounds bounds, ulong seed, long run)
    {
        var random = new RandomStream(seed, "chaos/" + run.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (string From, string To)[] directions = [.. scenario.Links.SelectMany(l => new[] { (l.A, l.B), (l.B, l.A) })];
        if (directions.Length == 0) return FaultSchedule.Empty;

        var faults = new List<FaultRule>();
        long count = random.NextInclusive(bounds.MaxFaults);
        for (int i = 0; i < count && bounds.Actions.Count > 0 && bounds.Kinds.Count > 0; i++)
            faults.Add(Fault(random, bounds, directions[random.NextInclusive(directions.Length - 1)]));

        var noise = new List<LinkNoise>();
        if (bounds.HasNoise)
        {
            foreach (var (from, to) in directions)
            {
                if (random.NextDouble() >= ChaosBounds.NoiseChance) continue;
                var n = new LinkNoise(from, to,
                    Half(random) ? Round(random.NextDouble() * bounds.MaxLoss) : 0,
                    Half(random) ? Round(random.NextDouble() * bounds.MaxDuplicate) : 0,
                    Half(random) ? SimDuration.FromMicroseconds(random.NextInclusive(bounds.MaxJitter.Nanoseconds / 1000)) : SimDuration.Zero);
                if (!n.IsQuiet) noise.Add(n);
            }
        }
        return new FaultSchedule(faults, noise);
    }

    private static FaultRule Fault(RandomStream random, ChaosBounds bounds, (string From, string To) direction)
    {
        FaultAction action = bounds.Actions[(int)random.NextInclusive(bounds.Actions.Count - 1)];
        SegmentKind kind = bounds.Kinds[(int)random.NextInclusive(bounds.Kinds.Count - 1)];
        int? nth = null, count = null;
        double which = random.NextDouble();
        int n = 1 + (int)random.NextInclusive(Math.Max(0, bounds.MaxNth - 1));
        if (which < 0.7) nth = n;
        else if (which < 0.9) count = n;                            // else: every match
        return new FaultRule
        {
            Action = action,
            From = direction.From,
            To = random.NextDouble() < 0.5 ? direction.To : null,
            Kind = kind,
            Nth = nth,
            Count = count,
            By = action == FaultAction.Drop ? SimDuration.Zero : Hold(random, bounds.MaxDelay),
        };
    }

    /// <summary>Log-uniform between 100 us and the maximum, rounded to 100 us: short holds reorder, long ones outlast timers.</summary>
    private static SimDuration Hold(RandomStream random, SimDuration max)
    {
        if (max <= ShortestHold) return max;
        double ratio = (double)max.Nanoseconds / ShortestHold.Nanoseconds;
        long ns = (long)(ShortestHold.Nanoseconds * Math.Pow(ratio, random.NextDouble()));
        return SimDuration.FromMicroseconds(Math.Max(100, ns / 100_000 * 100));
    }

    private static bool Half(RandomStream random) => random.NextDouble() < 0.5;

    private static double Round(double p) => Math.Round(p, 3);
}
