namespace Simulator.Core.Sweeps;

/// <summary>The estimates a sweep reports: binomial proportions with Wilson intervals, and empirical quantiles.</summary>
public static class Statistics
{
    /// <summary>z for a two-sided 95 % interval: the 0.975 quantile of the standard normal.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>z for a two-sided 99.9 % interval: the 0.9995 quantile of the standard normal.</summary>
    public const double Z999 = 3.2905267314919255;

    /// <summary>
    /// The Wilson score interval for <paramref name="successes"/> of <paramref name="trials"/> (Wilson 1927): unlike
    /// the normal approximation it stays inside [0, 1] and is not empty at 0 or n successes.
    /// </summary>
    public static (double Low, double High) Wilson(long successes, long trials, double z = Z95)
    {
        if (trials <= 0) return (0, 1);
        double n = trials, p = successes / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The nearest-rank quantile of sorted values: the smallest value with at least a fraction <paramref name="q"/>
    /// of the values at or below it. Always one of the values, so it prints exactly.
    /// </summary>
    public static long Quantile(IReadOnlyList<long> sorted, double q)
    {
        if (sorted.Count == 0) throw new ArgumentException("no values", nameof(sorted));
        long rank = (long)Math.Ceiling(q * sorted.Count - 1e-9);
        return sorted[(int)Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
