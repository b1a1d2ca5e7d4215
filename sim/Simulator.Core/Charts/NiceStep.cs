namespace Simulator.Core.Charts;

/// <summary>Tick steps of the 1-2-5 series (…, 0.5, 1, 2, 5, 10, 20, …) on integer nanoseconds.</summary>
public static class NiceStep
{
    /// <summary>The smallest 1-2-5 step (at least 1 ns) that is at least <paramref name="rawNs"/>.</summary>
    public static long AtLeast(double rawNs)
    {
        long decade = 1;
        while (true)
        {
            foreach (long m in (ReadOnlySpan<long>)[1, 2, 5])
            {
                long step = m * decade;
                if (step >= rawNs) return step;
            }
            if (decade > long.MaxValue / 100) return 5 * decade;
            decade *= 10;
        }
    }

    /// <summary>The 1-2-5 step just below <paramref name="stepNs"/> (1 ns stays 1 ns).</summary>
    public static long Below(long stepNs)
    {
        if (stepNs <= 1) return 1;
        long decade = 1;
        while (decade * 10 <= stepNs) decade *= 10;
        long m = stepNs / decade;
        return m switch
        {
            >= 5 => 2 * decade,
            >= 2 => decade,
            _ => decade / 2 == 0 ? 1 : 5 * (decade / 10),
        };
    }

    /// <summary>Multiples of <paramref name="stepNs"/> within [from, to].</summary>
    public static IEnumerable<long> Multiples(long fromNs, long toNs, long stepNs)
    {
        long first = FloorDiv(fromNs + stepNs - 1, stepNs) * stepNs;
        if (fromNs % stepNs == 0) first = fromNs;
        for (long v = first; v <= toNs; v += stepNs)
            yield return v;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
