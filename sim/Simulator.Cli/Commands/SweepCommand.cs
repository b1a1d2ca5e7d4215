using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Simulator.Cli.Output;
using Simulator.Cli.Sweeps;
using Simulator.Cli.Yaml;
using Simulator.Core.Scenarios;
using Simulator.Core.Sweeps;

namespace Simulator.Cli.Commands;

/// <summary>
/// <c>tcpsim sweep SCENARIO --vary KEY=VALUES ... --seeds A..B [--jobs J] [--shard K/N] [--out DIR]</c>: runs the
/// scenario at every grid point with every seed, in parallel, and writes one row per run and one per grid point.
/// Every input is checked, and every grid point's scenario built, before the first run.
/// </summary>
public static class SweepCommand
{
    /// <summary>Building a scenario per grid point is cheap, but not free: a grid this large is a mistake.</summary>
    public const int MaxGridPoints = 100_000;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var scenario = new Argument<string>("scenario") { Description = "The scenario file" };
        var vary = new Option<string[]>("--vary")
        {
            Description = "KEY=VALUES: a path into the scenario (links[0].loss, links[0].client>server.loss, endpoints.client.tcp.syn_retries, faults[0].drop.count) "
                + "and a list (0,0.01,0.05) or an inclusive range start:stop:step (0:0.1:0.02, 10ms:50ms:10ms); repeat for a grid",
            HelpName = "key=values",
            AllowMultipleArgumentsPerToken = false,
        };
        var seeds = new Option<string?>("--seeds") { Description = "Seeds A..B (inclusive) run at every grid point; default: the scenario's seed", HelpName = "a..b" };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Runs in parallel (default: all cores)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            HelpName = "n",
        };
        jobs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--jobs must be at least 1");
        });
        var shard = new Option<string?>("--shard") { Description = "Run only slice K of N (1-based) of the grid; combine the slices with tcpsim merge", HelpName = "k/n" };
        var output = new Option<string?>("--out") { Description = "Output folder (default: output/<name>-sweep)", HelpName = "dir" };
        var command = new Command("sweep", "Run a scenario over a grid of parameters and seeds; write runs.csv, runs.parquet, summary.csv")
        {
            scenario, vary, seeds, jobs, shard, output,
        };
        command.SetAction(p => Execute(new SweepRequest
        {
            Scenario = p.GetValue(scenario) ?? "",
            Vary = p.GetValue(vary) ?? [],
            Seeds = p.GetValue(seeds),
            Jobs = p.GetValue(jobs),
            Shard = p.GetValue(shard),
            Output = p.GetValue(output),
        }, stdout, stderr));
        return command;
    }

    public static int Execute(SweepRequest request, TextWriter stdout, TextWriter stderr)
    {
        SweepPlan? plan = Plan(request, stderr);
        if (plan is null) return ExitCodes.InvalidInput;

        var runner = new SweepRunner(plan.Grid, plan.Points);
        long count = plan.Shard.RunCountOf(plan.Grid.RunCount);
        var clock = Stopwatch.StartNew();
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        RunSummary[] rows = RunProgress.Show(stderr, $"sweep {plan.Name}", count, () => runner.Completed, null, () => runner.Run(plan.Shard, request.Jobs));
        double wall = clock.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        clock.Restart();

        SweepSummary summary;
        try
        {
            summary = SweepFiles.Write(plan.Folder, SweepManifest.For(plan.Name, plan.Grid, plan.Shard), plan.Keys, runner.Columns, rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            stderr.WriteLine($"tcpsim: cannot write the sweep to {plan.Folder}: {e.Message}");
            return ExitCodes.RunFailed;
        }
        double write = clock.Elapsed.TotalSeconds;
        SweepTable.Print(summary, stdout, terminal: ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected);
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sweep {plan.Name}: {count} runs{(plan.Shard.IsWhole ? "" : $" (shard {plan.Shard} of {plan.Grid.RunCount})")}; outputs in {plan.Folder}"));
        Figure(stdout, "runs", count.ToString(CultureInfo.InvariantCulture));
        Figure(stdout, "jobs", request.Jobs.ToString(CultureInfo.InvariantCulture));
        Figure(stdout, "wall_s", wall.ToString("F3", CultureInfo.InvariantCulture));
        Figure(stdout, "runs_per_sec", (count / Math.Max(wall, 1e-9)).ToString("F0", CultureInfo.InvariantCulture));
        Figure(stdout, "cpu_s", cpu.ToString("F3", CultureInfo.InvariantCulture));
        // Runs per second of one core's time: the figure that does not depend on how busy the machine is.
        Figure(stdout, "runs_per_cpu_sec", (count / Math.Max(cpu, 1e-9)).ToString("F0", CultureInfo.InvariantCulture));
        Figure(stdout, "write_s", write.ToString("F3", CultureInfo.InvariantCulture));
        return ExitCodes.Ok;
    }

    private static void Figure(TextWriter stdout, string key, string value) => stdout.WriteLine($"{key}={value}");

    /// <summary>Everything checked and every grid point's scenario built; null (reported) on any bad input.</summary>
    internal static SweepPlan? Plan(SweepRequest request, TextWriter stderr)
    {
        ScenarioTemplate? template = ScenarioTemplate.Load(request.Scenario, out var readErrors);
        if (template is null)
        {
            foreach (ScenarioError e in readErrors) stderr.WriteLine(e);
            return null;
        }
        LoadResult original = template.Build([]);
        foreach (ScenarioError e in original.Errors) stderr.WriteLine(e);
        if (original.Scenario is not Scenario baseScenario) return null;

        bool ok = true;
        var axes = new List<SweepAxis>();
        foreach (string vary in request.Vary)
        {
            int eq = vary.IndexOf('=');
            if (eq <= 0)
            {
                Fail($"--vary {vary}: write KEY=VALUES, like links[0].loss=0,0.01,0.05 or endpoints.client.tcp.syn_retries=1:6:1");
                continue;
            }
            string key = vary[..eq];
            if (axes.Any(a => a.Key == key)) Fail($"--vary {key}: given twice; give each key once with all its values");
            else if (template.CheckPath(key) is string problem) Fail($"--vary {key}: {problem}");
            else if (SweepValues.TryParse(vary[(eq + 1)..], out string error) is { } values) axes.Add(new SweepAxis(key, values));
            else Fail($"--vary {key}: {error}");
        }
        SeedRange seeds = new(baseScenario.Seed, baseScenario.Seed);
        if (request.Seeds is string seedText)
        {
            if (SweepValues.TryParseSeeds(seedText, out string seedError) is SeedRange parsed) seeds = parsed;
            else Fail(seedError);
        }
        Shard shard = Shard.Whole;
        if (request.Shard is string shardText)
        {
            if (Shard.TryParse(shardText, out string shardError) is Shard slice) shard = slice;
            else Fail(shardError);
        }
        string folder = request.Output ?? Path.Combine(RunRequest.DefaultOutputRoot, baseScenario.Name + "-sweep");
        try
        {
            var (paths, name) = SweepFiles.Locate(folder);
            paths.ScenarioFolder(name);
        }
        catch (ArgumentException e)
        {
            Fail($"--out {folder}: {e.Message}");
        }
        if (!ok) return null;

        SweepGrid grid;
        try
        {
            grid = new SweepGrid(axes, seeds);
        }
        catch (OverflowException)
        {
            return FailPlan("the grid has too many runs to count; use fewer values or seeds");
        }
        if (grid.PointCount > MaxGridPoints) return FailPlan($"the grid has {grid.PointCount} points; at most {MaxGridPoints} (each is a scenario to build)");

        var points = new Scenario[grid.PointCount];
        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (long p = 0; p < grid.PointCount; p++)
        {
            string[] values = grid.ValuesAt(p);
            LoadResult built = template.Build([.. axes.Select((a, i) => (a.Key, values[i]))]);
            if (built.Scenario is Scenario scenario)
            {
                points[p] = scenario;
                continue;
            }
            string where = string.Join(" ", axes.Select((a, i) => $"{a.Key}={values[i]}"));
            foreach (ScenarioError e in built.Errors)
                if (reported.Add(e.ToString())) Fail($"--vary {where}: {e}");
            if (reported.Count >= 20) break;
        }
        if (!ok) return null;
        return new SweepPlan(baseScenario.Name, grid, points, [.. axes.Select(a => a.Key)], shard, folder);

        void Fail(string message)
        {
            stderr.WriteLine($"tcpsim: {message}");
            ok = false;
        }

        SweepPlan? FailPlan(string message)
        {
            Fail(message);
            return null;
        }
    }
}

/// <summary>What <c>tcpsim sweep</c> was asked to do, as given on the command line.</summary>
public sealed record SweepRequest
{
    public required string Scenario { get; init; }
    public IReadOnlyList<string> Vary { get; init; } = [];
    public string? Seeds { get; init; }
    public int Jobs { get; init; } = Environment.ProcessorCount;
    public string? Shard { get; init; }
    public string? Output { get; init; }
}

/// <summary>A checked sweep: the grid, the scenario of each grid point, the shard to run and where the files go.</summary>
internal sealed record SweepPlan(string Name, SweepGrid Grid, IReadOnlyList<Scenario> Points, IReadOnlyList<string> Keys, Shard Shard, string Folder);
