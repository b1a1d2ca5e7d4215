using Simulator.Core.Time;

namespace Simulator.Core.Charts;

/// <summary>A stretch of time drawn linearly: [T0, T1] ns onto [P0, P1].</summary>
public sealed record TimePiece(long T0, long T1, double P0, double P1)
{
    public double Scale => (P1 - P0) / (T1 - T0);
    public double Map(long t) => P0 + (t - T0) * Scale;
}

/// <summary>Idle time cut out of the axis: [T0, T1] ns squeezed into the band [P0, P1].</summary>
public sealed record TimeCut(long T0, long T1, double P0, double P1)
{
    public SimDuration Skipped => new(T1 - T0);
    public string Label => $"⋯ {TimeFormat.Duration(Skipped)} ⋯";
    public double Map(long t) => P0 + (double)(t - T0) / (T1 - T0) * (P1 - P0);
}

/// <summary>Layout choices for a time axis.</summary>
public sealed record TimeAxisOptions
{
    public TimeBreaks Breaks { get; init; } = TimeBreaks.Default;
    /// <summary>Width of the band that stands for a cut.</summary>
    public double CutWidth { get; init; } = 44;
    /// <summary>Narrowest a piece may be drawn (when the axis is wide enough for it).</summary>
    public double MinPieceWidth { get; init; } = 110;
    /// <summary>Wanted distance between ticks.</summary>
    public double TickSpacing { get; init; } = 100;
    /// <summary>Least free space between two tick labels.</summary>
    public double TickLabelGap { get; init; } = 10;
}

/// <summary>
/// Maps simulated time to a coordinate: linear, or piecewise linear with long idle stretches cut out (each piece
/// keeps its own linear scale and a width in proportion to the event times it holds; a cut is a narrow band
/// labelled with the time it skips). Strictly increasing and
/// continuous everywhere, so the order of events is always kept.
/// </summary>
public sealed class TimeAxis
{
    private TimeAxis(IReadOnlyList<TimePiece> pieces, IReadOnlyList<TimeCut> cuts, TimeAxisOptions options)
    {
        Pieces = pieces;
        Cuts = cuts;
        Options = options;
    }

    public IReadOnlyList<TimePiece> Pieces { get; }
    public IReadOnlyList<TimeCut> Cuts { get; }
    public TimeAxisOptions Options { get; }
    public bool IsBroken => Cuts.Count > 0;
    public double Start => Pieces[0].P0;
    public double End => Pieces[^1].P1;
    public long StartNs => Pieces[0].T0;
    public long EndNs => Pieces[^1].T1;

    /// <summary>What a reader must know about the scale, for the chart's caption.</summary>
    public string ScaleNote => IsBroken
        ? $"Time axis: piecewise linear, {Cuts.Count} idle {(Cuts.Count == 1 ? "stretch" : "stretches")} cut out at ⋯ (skipped time written); each piece has its own scale."
        : "Time axis: linear.";

    /// <summary>One linear piece over [t0, t1].</summary>
    public static TimeAxis Linear(SimTime t0, SimTime t1, double p0, double p1, TimeAxisOptions? options = null)
    {
        long a = t0.Nanoseconds, b = Math.Max(t1.Nanoseconds, a + 1);
        return new TimeAxis([new TimePiece(a, b, p0, p1)], [], options ?? new TimeAxisOptions());
    }

    /// <summary>An axis over the given event times, from the first to the last, cut where <see cref="TimeBreaks"/> says.</summary>
    public static TimeAxis Build(IEnumerable<SimTime> times, double p0, double p1, TimeAxisOptions? options = null)
    {
        options ??= new TimeAxisOptions();
        long[] t = times.Select(x => x.Nanoseconds).Distinct().Order().ToArray();
        if (t.Length == 0) return Linear(SimTime.Zero, SimTime.FromMilliseconds(1), p0, p1, options);
        if (t.Length == 1) return Linear(new SimTime(t[0]), new SimTime(t[0] + 1_000_000), p0, p1, options);

        var gaps = options.Breaks.Find(t);
        if (gaps.Count == 0) return Linear(new SimTime(t[0]), new SimTime(t[^1]), p0, p1, options);

        // Clusters of events between the cut gaps.
        var clusters = new List<(long From, long To)>();
        long start = t[0];
        foreach (var (from, to) in gaps)
        {
            clusters.Add((start, from));
            start = to;
        }
        clusters.Add((start, t[^1]));

        // Each piece extends a little into its neighbouring gaps so events do not sit on a cut;
        // a single-instant cluster gets a small window around it.
        var ranges = new (long T0, long T1)[clusters.Count];
        for (int i = 0; i < clusters.Count; i++)
        {
            var (from, to) = clusters[i];
            long gapBefore = i > 0 ? from - clusters[i - 1].To : 0;
            long gapAfter = i < clusters.Count - 1 ? clusters[i + 1].From - to : 0;
            long before = i == 0 ? 0 : Pad(to - from, gapBefore);
            long after = i == clusters.Count - 1 ? (to == from ? Pad(0, gapBefore) : 0) : Pad(to - from, gapAfter);
            if (i == 0 && to == from) after = Math.Max(after, Pad(0, gapAfter));
            ranges[i] = (from - before, to + after);
        }

        double available = p1 - p0 - gaps.Count * options.CutWidth;
        // Pieces share the room by how much happens in them, not by how long they last.
        double[] weights = clusters.Select(c => (double)t.Count(x => x >= c.From && x <= c.To)).ToArray();
        double[] widths = Allocate(weights, available,
            Math.Min(options.MinPieceWidth, available / ranges.Length));

        var pieces = new List<TimePiece>();
        var cuts = new List<TimeCut>();
        double p = p0;
        for (int i = 0; i < ranges.Length; i++)
        {
            if (i > 0)
            {
                cuts.Add(new TimeCut(ranges[i - 1].T1, ranges[i].T0, p, p + options.CutWidth));
                p += options.CutWidth;
            }
            pieces.Add(new TimePiece(ranges[i].T0, ranges[i].T1, p, p + widths[i]));
            p += widths[i];
        }
        return new TimeAxis(pieces, cuts, options);
    }

    public double Map(SimTime t) => Map(t.Nanoseconds);

    public double Map(long ns)
    {
        if (ns <= Pieces[0].T0) return Pieces[0].Map(ns);
        for (int i = 0; i < Pieces.Count; i++)
        {
            if (ns <= Pieces[i].T1) return Pieces[i].Map(ns);
            if (i < Cuts.Count && ns < Cuts[i].T1) return Cuts[i].Map(ns);
        }
        return Pieces[^1].Map(ns);
    }

    /// <summary>The cut containing <paramref name="ns"/>, if it falls in one.</summary>
    public TimeCut? CutAt(long ns) => Cuts.FirstOrDefault(c => ns > c.T0 && ns < c.T1);

    /// <summary>
    /// Ticks on 1-2-5 steps chosen per piece for about one per <see cref="TimeAxisOptions.TickSpacing"/>, labelled in
    /// the unit the step needs (ns, µs, ms, s); a tick whose label would touch its neighbour's is dropped.
    /// </summary>
    public IReadOnlyList<AxisTick> Ticks(TextRole role = TextRole.TickLabel)
    {
        var all = new List<AxisTick>();
        foreach (var piece in Pieces)
        {
            double width = piece.P1 - piece.P0;
            int wanted = Math.Max(1, (int)Math.Floor(width / Options.TickSpacing));
            long span = piece.T1 - piece.T0;
            long step = NiceStep.AtLeast((double)span / wanted);
            List<long> values = [.. NiceStep.Multiples(piece.T0, piece.T1, step)];
            while (values.Count == 0 && step > 1)
            {
                step = NiceStep.Below(step);
                values = [.. NiceStep.Multiples(piece.T0, piece.T1, step)];
            }
            var unit = TimeFormat.TickUnit(step, Math.Max(Math.Abs(piece.T0), Math.Abs(piece.T1)));
            all.AddRange(values.Select(v => new AxisTick(piece.Map(v), TimeFormat.Tick(v, step, unit))));
        }

        var kept = new List<AxisTick>();
        double lastRight = double.NegativeInfinity;
        foreach (var tick in all.OrderBy(x => x.At))
        {
            double half = TextMetrics.Width(tick.Label, role) / 2;
            if (tick.At - half < lastRight + Options.TickLabelGap) continue;
            kept.Add(tick);
            lastRight = tick.At + half;
        }
        return kept;
    }

    private static long Pad(long clusterLength, long gap)
    {
        long pad = clusterLength > 0 ? clusterLength / 25 : gap / 500;
        return Math.Clamp(pad, 1, Math.Max(1, gap / 10));
    }

    /// <summary>Widths proportional to the weights, none below <paramref name="min"/>, summing to <paramref name="total"/>.</summary>
    internal static double[] Allocate(double[] weights, double total, double min)
    {
        var widths = new double[weights.Length];
        var fixedAt = new bool[weights.Length];
        while (true)
        {
            double freeTotal = total - fixedAt.Select((f, i) => f ? widths[i] : 0).Sum();
            double freeWeight = weights.Where((_, i) => !fixedAt[i]).Sum();
            bool changed = false;
            for (int i = 0; i < weights.Length; i++)
            {
                if (fixedAt[i]) continue;
                double w = freeWeight > 0 ? freeTotal * weights[i] / freeWeight : freeTotal / weights.Length;
                if (w < min)
                {
                    widths[i] = min;
                    fixedAt[i] = true;
                    changed = true;
                }
                else widths[i] = w;
            }
            if (!changed || fixedAt.All(f => f)) return widths;
        }
    }
}
