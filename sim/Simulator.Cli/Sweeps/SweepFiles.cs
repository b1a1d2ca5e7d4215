using Simulator.Charts;
using Simulator.Cli.Output;
using Simulator.Core.Sweeps;

namespace Simulator.Cli.Sweeps;

/// <summary>
/// The files of a sweep folder, written as one set (nothing half-written): <c>sweep.txt</c>, <c>runs.csv</c>,
/// <c>runs.parquet</c>, <c>summary.csv</c>, and the charts with <c>summary.html</c>. A sweep and a merge of its shards both write through here, from
/// rows alone, so their files are the same.
/// </summary>
public static class SweepFiles
{
    public const string RunsCsv = "runs.csv";
    public const string RunsParquetFile = "runs.parquet";
    public const string SummaryCsv = "summary.csv";

    /// <summary>The folder as an <see cref="OutputPaths"/> root and a name checked like a scenario's output folder.</summary>
    public static (OutputPaths Paths, string Name) Locate(string folder)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        string parent = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{folder}' has no parent folder");
        return (new OutputPaths(parent), Path.GetFileName(full));
    }

    public static SweepSummary Write(string folder, SweepManifest manifest, IReadOnlyList<string> keys, StateColumns states, IReadOnlyList<RunSummary> rows)
    {
        var (paths, name) = Locate(folder);
        SweepSummary summary = SweepSummary.Of(keys, rows);
        using var set = new OutputSet(paths, name);
        set.AddText(SweepManifest.FileName, SweepManifest.ToText(manifest));
        set.AddText(RunsCsv, SweepCsv.WriteRuns(keys, states, rows));
        set.Add(RunsParquetFile, s => RunsParquet.Write(s, keys, states, rows));
        set.AddText(SummaryCsv, SweepCsv.WriteSummary(summary));
        foreach (var (file, content) in SweepChartFiles.Files(manifest, summary)) set.Add(file, s => s.Write(content));
        set.Commit();
        return summary;
    }
}
