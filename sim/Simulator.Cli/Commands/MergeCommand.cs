using System.CommandLine;
using System.Globalization;
using Simulator.Cli.Sweeps;
using Simulator.Core.Sweeps;

namespace Simulator.Cli.Commands;

/// <summary>
/// <c>tcpsim merge DIR... --out DIR</c>: combines the folders of the shards of one sweep into exactly the files one
/// unsharded sweep writes. The shards must come from the same sweep and together hold every run once.
/// </summary>
public static class MergeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var folders = new Argument<string[]>("folders") { Description = "The shards' output folders", Arity = ArgumentArity.OneOrMore };
        folders.Validators.Add(ScenarioInputs.RejectOptionLikeValues);
        var output = new Option<string>("--out") { Description = "Folder for the merged sweep", Required = true, HelpName = "dir" };
        var command = new Command("merge", "Combine the shard folders of a sweep (tcpsim sweep --shard K/N) into one") { folders, output };
        command.SetAction(p => Execute(p.GetValue(folders) ?? [], p.GetValue(output)!, stdout, stderr));
        return command;
    }

    public static int Execute(IReadOnlyList<string> folders, string output, TextWriter stdout, TextWriter stderr)
    {
        var shards = new List<(string Folder, SweepManifest Manifest, RunTable Table)>();
        foreach (string folder in folders)
        {
            string manifestPath = Path.Combine(folder, SweepManifest.FileName), runsPath = Path.Combine(folder, SweepFiles.RunsCsv);
            if (!File.Exists(manifestPath) || !File.Exists(runsPath))
                return Fail(stderr, $"{folder}: not a sweep folder (it needs {SweepManifest.FileName} and {SweepFiles.RunsCsv}, as tcpsim sweep writes them)");
            SweepManifest? manifest = SweepManifest.Parse(File.ReadAllText(manifestPath), out string error);
            if (manifest is null) return Fail(stderr, $"{manifestPath}: {error}");
            RunTable table;
            try
            {
                table = SweepCsv.ReadRuns(File.ReadAllText(runsPath), runsPath);
            }
            catch (FormatException e)
            {
                return Fail(stderr, e.Message);
            }
            if (shards.Count > 0 && !shards[0].Manifest.SameSweep(manifest))
                return Fail(stderr, $"{folder}: a shard of another sweep than {shards[0].Folder} (compare their {SweepManifest.FileName})");
            if (table.Rows.Any(r => !manifest.Shard.Contains(r.Run)))
                return Fail(stderr, $"{runsPath}: holds runs that are not in shard {manifest.Shard}");
            if (table.Rows.Count != manifest.Shard.RunCountOf(manifest.Runs))
                return Fail(stderr, $"{runsPath}: {table.Rows.Count} runs, shard {manifest.Shard} has {manifest.Shard.RunCountOf(manifest.Runs)}");
            shards.Add((folder, manifest, table));
        }

        SweepManifest first = shards[0].Manifest;
        var byShard = shards.GroupBy(s => s.Manifest.Shard).ToArray();
        if (byShard.FirstOrDefault(g => g.Count() > 1) is { } twice)
            return Fail(stderr, $"shard {twice.Key} is given twice: {string.Join(", ", twice.Select(s => s.Folder))}");
        if (shards.Any(s => s.Manifest.Shard.Count != first.Shard.Count))
            return Fail(stderr, $"the shards cut the sweep differently ({string.Join(", ", shards.Select(s => s.Manifest.Shard))}); merge shards of one --shard K/N run");
        int[] missing = [.. Enumerable.Range(1, first.Shard.Count).Where(k => byShard.All(g => g.Key.Index != k))];
        if (missing.Length > 0)
            return Fail(stderr, $"missing shard{(missing.Length == 1 ? "" : "s")} {string.Join(", ", missing.Select(k => $"{k}/{first.Shard.Count}"))}; merge needs all {first.Shard.Count}");

        var rows = new RunSummary[first.Runs];
        foreach (var shard in shards)
            foreach (RunSummary row in shard.Table.Rows) rows[row.Run] = row;
        try
        {
            SweepFiles.Write(output, first with { Shard = Shard.Whole }, shards[0].Table.Keys, shards[0].Table.States, rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            stderr.WriteLine($"tcpsim merge: cannot write {output}: {e.Message}");
            return ExitCodes.RunFailed;
        }
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merged {shards.Count} shards, {rows.Length} runs of {first.Scenario} into {output}"));
        return ExitCodes.Ok;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"tcpsim merge: {message}");
        return ExitCodes.InvalidInput;
    }
}
