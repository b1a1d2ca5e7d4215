using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Simulator.Cli.Output;
using Simulator.Cli.Yaml;
using Simulator.Core.Chaos;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;

namespace Simulator.Cli.Commands;

/// <summary>
/// <c>tcpsim chaos SCENARIO --runs N</c>: runs the scenario under N random fault schedules, checks the built-in
/// invariants (and with <c>--expectations</c> the scenario's own), shrinks the first failure of each check to a
/// minimal schedule and writes it as a standalone scenario. Results depend on <c>--seed</c> only, not on <c>--jobs</c>.
/// </summary>
public static class ChaosCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var path = new Argument<string>("scenario") { Description = "The scenario file to shake" };
        var runs = new Option<int>("--runs", "-n") { Description = "Number of random fault schedules", DefaultValueFactory = _ => 1000, HelpName = "n" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the schedules (the same seed gives the same schedules)", DefaultValueFactory = _ => 1, HelpName = "n" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Runs in parallel (default: one per core)", DefaultValueFactory = _ => Environment.ProcessorCount, HelpName = "n" };
        var maxFaults = new Option<int?>("--max-faults") { Description = "At most this many targeted faults per schedule (default: the scenario's chaos: section, else 3)", HelpName = "k" };
        var expectations = new Option<bool>("--expectations") { Description = "Also check the scenario's own expectations under each schedule" };
        var output = new Option<string?>("--out") { Description = "Folder for the shrunk scenarios (default: output/<name>-chaos)", HelpName = "dir" };
        var profile = new Option<string?>("--profile") { Description = "Use this TCP profile instead of the scenario's", HelpName = string.Join("|", TcpProfiles.Names) };
        profile.AcceptOnlyFromAmong([.. TcpProfiles.Names]);
        var maxEvents = new Option<long>("--max-events") { Description = "Event limit of each run; a run that reaches it breaks the 'ends' invariant", DefaultValueFactory = _ => ChaosOptions.DefaultMaxEvents, HelpName = "n" };
        runs.Validators.Add(r => { if (r.GetValueOrDefault<int>() <= 0) r.AddError("--runs must be greater than 0"); });
        jobs.Validators.Add(r => { if (r.GetValueOrDefault<int>() <= 0) r.AddError("--jobs must be greater than 0"); });
        maxFaults.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 0 or > 100) r.AddError("--max-faults must be from 0 to 100"); });
        maxEvents.Validators.Add(r => { if (r.GetValueOrDefault<long>() <= 0) r.AddError("--max-events must be greater than 0"); });

        var command = new Command("chaos", "Run a scenario under random fault schedules, check invariants, shrink failures to minimal scenarios")
        {
            path, runs, seed, jobs, maxFaults, expectations, output, profile, maxEvents,
        };
        command.SetAction(parseResult => Execute(
            new ChaosRequest(
                parseResult.GetValue(path)!,
                parseResult.GetValue(runs),
                parseResult.GetValue(seed),
                parseResult.GetValue(jobs),
                parseResult.GetValue(maxFaults),
                new ChaosOptions { Expectations = parseResult.GetValue(expectations), MaxEvents = parseResult.GetValue(maxEvents) },
                parseResult.GetValue(output),
                parseResult.GetValue(profile)),
            stdout,
            stderr));
        return command;
    }

    public static int Execute(ChaosRequest request, TextWriter stdout, TextWriter stderr)
    {
        LoadResult loaded = ScenarioLoader.Load(request.Path);
        foreach (ScenarioError error in loaded.Errors) stderr.WriteLine(error);
        if (loaded.Scenario is not Scenario scenario) return ExitCodes.InvalidInput;
        scenario = scenario with { Profile = request.Profile ?? scenario.Profile };
        ChaosBounds bounds = scenario.Chaos ?? ChaosBounds.Default;
        if (request.MaxFaults is int k) bounds = bounds with { MaxFaults = k };

        var clock = Stopwatch.StartNew();
        var failures = new ConcurrentBag<(long Run, FaultSchedule Schedule, Violation Violation)>();
        long completed = 0;
        RunProgress.Show(stderr, $"chaos {scenario.Name}", request.Runs, () => Interlocked.Read(ref completed), () => failures.Count, () =>
            Parallel.For(0L, request.Runs, new ParallelOptions { MaxDegreeOfParallelism = request.Jobs }, run =>
            {
                FaultSchedule schedule = ScheduleGenerator.Generate(scenario, bounds, request.Seed, run);
                Violation? violation = ChaosCheck.Run(scenario, schedule, request.Options).Violation;
                if (violation is not null) failures.Add((run, schedule, violation));
                Interlocked.Increment(ref completed);
            }));
        var sorted = failures.OrderBy(f => f.Run).ToArray();
        TimeSpan runTime = clock.Elapsed;

        var firsts = sorted.GroupBy(f => f.Violation.Check).Select(g => g.First()).ToArray();
        var reproducers = new List<(string File, string Text)>();
        foreach (var (run, schedule, violation) in firsts)
        {
            stdout.WriteLine($"FAIL  run {run}: {violation}");
            ChaosVerdict verdict = ChaosCheck.Run(scenario, schedule, request.Options);
            FaultSchedule shrunk = Shrinker.Shrink(schedule, verdict.Trace,
                candidate => ChaosCheck.Run(scenario, candidate, request.Options).Violation?.Check == violation.Check);
            Violation shrunkViolation = ChaosCheck.Run(scenario, shrunk, request.Options).Violation ?? violation;
            stdout.WriteLine($"      shrunk from {schedule.Size} to {shrunk.Size} (run {run} of seed {request.Seed}): {shrunkViolation.Message}");
            foreach (string line in shrunk.Describe()) stdout.WriteLine($"        {line}");
            string name = $"{scenario.Name}-{violation.Check}";
            string description = $"Found by tcpsim chaos in {Path.GetFileName(request.Path)} (seed {request.Seed}, run {run}) and shrunk: {shrunkViolation}";
            string text = ReproducerYaml.Write(File.ReadAllText(request.Path), scenario, shrunk, shrunkViolation, name, description);
            reproducers.Add(($"{name}.yaml", text));
        }

        string folder = request.Output ?? Path.Combine(RunRequest.DefaultOutputRoot, $"{scenario.Name}-chaos");
        if (reproducers.Count > 0 && !WriteReproducers(folder, reproducers, firsts, request, stdout, stderr)) return ExitCodes.RunFailed;

        string perCheck = sorted.Length == 0 ? "" : " (" + string.Join(", ", sorted.GroupBy(f => f.Violation.Check)
            .Select(g => $"{g.Key} {g.Count()}")) + ")";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"chaos {scenario.Name}: {request.Runs} runs, {sorted.Length} failed{perCheck}; seed {request.Seed}; {runTime.TotalSeconds:0.0} s ({request.Runs / Math.Max(runTime.TotalSeconds, 1e-9):0} runs/s, {request.Jobs} jobs)"));
        return sorted.Length == 0 ? ExitCodes.Ok : ExitCodes.ExpectationFailed;
    }

    private static bool WriteReproducers(string folder, List<(string File, string Text)> reproducers,
        (long Run, FaultSchedule Schedule, Violation Violation)[] firsts, ChaosRequest request, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            string full = Path.GetFullPath(folder);
            var paths = new OutputPaths(Path.GetDirectoryName(full) ?? full);
            using var set = new OutputSet(paths, Path.GetFileName(full));
            foreach (var (file, text) in reproducers) set.AddText(file, text);
            set.Commit();
            for (int i = 0; i < reproducers.Count; i++)
            {
                string file = Path.Combine(folder, reproducers[i].File);
                string limit = firsts[i].Violation.Check == "ends" ? $" --max-events {request.Options.MaxEvents}" : "";
                stdout.WriteLine($"reproduce: tcpsim run {file}{limit}");
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            stderr.WriteLine($"tcpsim: --out {folder}: cannot write the shrunk scenarios: {e.Message}");
            return false;
        }
    }
}

/// <summary>What <c>tcpsim chaos</c> was asked to do.</summary>
public sealed record ChaosRequest(string Path, int Runs, ulong Seed, int Jobs, int? MaxFaults, ChaosOptions Options, string? Output, string? Profile = null);
