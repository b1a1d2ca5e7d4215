using System.Globalization;

namespace Simulator.Core.Sweeps;

/// <summary>One <c>--vary</c>: a key (a path into the scenario, as written) and its values.</summary>
public sealed record SweepAxis(string Key, IReadOnlyList<string> Values);

/// <summary>
/// The grid of a sweep: the cartesian product of the axes (the last axis varies fastest) times the seeds. Run
/// <c>r</c> is grid point <c>r / seeds</c> with seed <c>First + r % seeds</c>, so every run has a fixed index
/// whatever runs it, in what order, and on which shard.
/// </summary>
public sealed class SweepGrid
{
    public SweepGrid(IReadOnlyList<SweepAxis> axes, SeedRange seeds)
    {
        Axes = axes;
        Seeds = seeds;
        long points = 1;
        foreach (SweepAxis axis in axes) points = checked(points * axis.Values.Count);
        PointCount = points;
        RunCount = checked(points * seeds.Count);
    }

    public IReadOnlyList<SweepAxis> Axes { get; }
    public SeedRange Seeds { get; }
    public long PointCount { get; }
    public long RunCount { get; }

    public long PointOf(long run) => run / Seeds.Count;

    public ulong SeedOf(long run) => Seeds.First + (ulong)(run % Seeds.Count);

    /// <summary>The value of each axis at grid point <paramref name="point"/>.</summary>
    public string[] ValuesAt(long point)
    {
        var values = new string[Axes.Count];
        for (int i = Axes.Count - 1; i >= 0; i--)
        {
            int n = Axes[i].Values.Count;
            values[i] = Axes[i].Values[(int)(point % n)];
            point /= n;
        }
        return values;
    }
}

/// <summary>
/// Slice <see cref="Index"/> (1-based) of <see cref="Count"/>: runs <c>Index-1, Index-1+Count, ...</c>. Striding
/// rather than cutting the grid into blocks gives every shard its share of each grid point, so shards take about
/// the same time even when one parameter value makes runs much longer.
/// </summary>
public readonly record struct Shard(int Index, int Count)
{
    public static readonly Shard Whole = new(1, 1);

    public bool IsWhole => Count == 1;

    public long RunCountOf(long total) => total < Index ? 0 : (total - Index) / Count + 1;

    /// <summary>The <paramref name="i"/>-th run of this shard.</summary>
    public long RunAt(long i) => Index - 1 + i * Count;

    public bool Contains(long run) => run % Count == Index - 1;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary><c>K/N</c> with 1 ≤ K ≤ N, or null with <paramref name="error"/>.</summary>
    public static Shard? TryParse(string text, out string error)
    {
        error = "";
        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && k >= 1 && k <= n)
            return new Shard(k, n);
        error = $"--shard {text}: write K/N with 1 <= K <= N, like 3/8 (the third of eight slices)";
        return null;
    }
}
