using System.Globalization;
using System.Text;

namespace Simulator.Core.Sweeps;

/// <summary>
/// <c>sweep.txt</c>: what a sweep folder holds (scenario, grid, seeds, shard), as <c>key=value</c> lines. A merge
/// checks that its shards come from one sweep and together cover it.
/// </summary>
public sealed record SweepManifest(string Scenario, IReadOnlyList<SweepAxis> Axes, SeedRange Seeds, long Runs, Shard Shard)
{
    public const string FileName = "sweep.txt";

    public static SweepManifest For(string scenario, SweepGrid grid, Shard shard) =>
        new(scenario, grid.Axes, grid.Seeds, grid.RunCount, shard);

    public SweepGrid Grid => new(Axes, Seeds);

    /// <summary>Same scenario, grid and seeds (the shard aside)?</summary>
    public bool SameSweep(SweepManifest other) => ToText(this with { Shard = Shard.Whole }) == ToText(other with { Shard = Shard.Whole });

    public static string ToText(SweepManifest m)
    {
        var text = new StringBuilder();
        text.Append("scenario=").Append(m.Scenario).Append('\n');
        foreach (SweepAxis axis in m.Axes) text.Append("vary=").Append(axis.Key).Append('=').Append(string.Join(',', axis.Values)).Append('\n');
        text.Append("seeds=").Append(m.Seeds.First.ToString(CultureInfo.InvariantCulture)).Append("..")
            .Append(m.Seeds.Last.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("runs=").Append(m.Runs.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("shard=").Append(m.Shard.ToString()).Append('\n');
        return text.ToString();
    }

    /// <summary>Reads the text back; null with <paramref name="error"/> when it is not a sweep manifest.</summary>
    public static SweepManifest? Parse(string text, out string error)
    {
        error = "";
        string? scenario = null;
        SeedRange? seeds = null;
        Shard? shard = null;
        long? runs = null;
        var axes = new List<SweepAxis>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = line.IndexOf('=');
            string key = eq < 0 ? line : line[..eq], value = eq < 0 ? "" : line[(eq + 1)..];
            switch (key)
            {
                case "scenario": scenario = value; break;
                case "vary":
                    int split = value.LastIndexOf('=');
                    if (split > 0 && SweepValues.TryParse(value[(split + 1)..], out _) is { } values) axes.Add(new SweepAxis(value[..split], values));
                    else error = $"bad line '{line}'";
                    break;
                case "seeds": seeds = SweepValues.TryParseSeeds(value, out _); break;
                case "runs": runs = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long r) ? r : null; break;
                case "shard": shard = Shard.TryParse(value, out _); break;
                default: error = $"unknown line '{line}'"; break;
            }
        }
        if (error.Length == 0 && (scenario is null || seeds is null || shard is null || runs is null))
            error = "it needs the lines scenario=, seeds=, runs= and shard=";
        if (error.Length > 0) return null;
        var manifest = new SweepManifest(scenario!, axes, seeds!.Value, runs!.Value, shard!.Value);
        if (manifest.Grid.RunCount != runs)
        {
            error = $"runs={runs} does not match the grid ({manifest.Grid.RunCount} runs)";
            return null;
        }
        return manifest;
    }
}
