using System.CommandLine;
using Simulator.Cli.Output;
using Simulator.Cli.Yaml;
using Simulator.Core.Export;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;

namespace Simulator.Cli.Commands;

/// <summary><c>tcpsim run &lt;file|folder&gt;...</c>: simulates scenarios and writes their outputs.</summary>
public static class RunCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("scenario")
        {
            Description = "Scenario files, or folders (every *.yaml in them, sorted by name)",
            Arity = ArgumentArity.OneOrMore,
        };
        paths.Validators.Add(ScenarioInputs.RejectOptionLikeValues);
        var output = new Option<string>("--out")
        {
            Description = "Folder for the outputs; each scenario writes into <out>/<name>/",
            DefaultValueFactory = _ => RunRequest.DefaultOutputRoot,
            HelpName = "dir",
        };
        var seed = new Option<ulong?>("--seed") { Description = "Use this seed instead of each scenario's", HelpName = "n" };
        var profile = new Option<string?>("--profile")
        {
            Description = "Use this TCP profile instead of each scenario's",
            HelpName = string.Join("|", TcpProfiles.Names),
        };
        profile.AcceptOnlyFromAmong([.. TcpProfiles.Names]);
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the PASS/FAIL lines, not the segments and states" };
        var noCharts = new Option<bool>("--no-charts") { Description = "Do not draw charts (timeline and sequence PNG and SVG, report.html)" };
        var pcapAt = new Option<PcapTimestamps>("--pcap-at")
        {
            Description = "Where trace.pcap sees the segments: as they leave the sender (lost ones included) or as they reach the receiver",
            DefaultValueFactory = _ => PcapTimestamps.Sender,
            HelpName = "sender|receiver",
        };
        var absoluteSeq = new Option<bool>("--absolute-seq") { Description = "Label the sequence diagram with absolute sequence numbers" };
        var maxEvents = new Option<long?>("--max-events")
        {
            Description = "Stop a scenario after this many simulation events (a guard against runaway scenarios)",
            HelpName = "n",
        };
        maxEvents.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is long n && n <= 0) result.AddError("--max-events must be greater than 0");
        });

        var command = new Command("run", "Simulate scenarios, print their segments and states, write outputs, check expectations")
        {
            paths, output, seed, profile, quiet, noCharts, pcapAt, absoluteSeq, maxEvents,
        };
        command.SetAction(parseResult => Execute(
            new RunRequest
            {
                Paths = parseResult.GetValue(paths) ?? [],
                OutputRoot = parseResult.GetValue(output) ?? RunRequest.DefaultOutputRoot,
                Seed = parseResult.GetValue(seed),
                Profile = parseResult.GetValue(profile),
                Quiet = parseResult.GetValue(quiet),
                NoCharts = parseResult.GetValue(noCharts),
                MaxEvents = parseResult.GetValue(maxEvents),
                PcapAt = parseResult.GetValue(pcapAt),
                AbsoluteSeq = parseResult.GetValue(absoluteSeq),
            },
            stdout,
            stderr));
        return command;
    }

    /// <summary>Loads every scenario (exit 2 listing all errors if any is invalid), then simulates them.</summary>
    public static int Execute(RunRequest request, TextWriter stdout, TextWriter stderr)
    {
        IReadOnlyList<string>? files = ScenarioInputs.Expand(request.Paths, stderr);
        if (files is null) return ExitCodes.InvalidInput;
        List<Scenario> scenarios = [];
        bool valid = true;
        foreach (string file in files)
        {
            LoadResult result = ScenarioLoader.Load(file);
            foreach (ScenarioError error in result.Errors) stderr.WriteLine(error);
            if (result.Scenario is Scenario s) scenarios.Add(ApplyOverrides(s, request));
            else valid = false;
        }
        if (!valid) return ExitCodes.InvalidInput;
        return Simulate(scenarios, request, stdout, stderr);
    }

    private static Scenario ApplyOverrides(Scenario scenario, RunRequest request) => scenario with
    {
        Seed = request.Seed ?? scenario.Seed,
        Profile = request.Profile ?? scenario.Profile,
    };

    private static int Simulate(IReadOnlyList<Scenario> scenarios, RunRequest request, TextWriter stdout, TextWriter stderr)
    {
        OutputPaths paths;
        try
        {
            paths = new OutputPaths(request.OutputRoot);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"tcpsim: --out {request.OutputRoot}: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        var outcomes = new List<ScenarioOutcome>();
        foreach (Scenario scenario in scenarios)
        {
            try
            {
                outcomes.Add(ScenarioRun.Execute(scenario, request, paths, stdout));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                stderr.WriteLine($"tcpsim: {scenario.SourceFile}: cannot write the outputs of '{scenario.Name}': {e.Message}");
                return ExitCodes.RunFailed;
            }
        }
        int failed = outcomes.Count(o => !o.Ok);
        foreach (var o in outcomes.Where(o => !o.Ok)) stdout.WriteLine($"failed: {o.Name} ({o.Failed} of {o.Passed + o.Failed} expectations)");
        stdout.WriteLine($"scenarios: {outcomes.Count - failed} passed, {failed} failed");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.ExpectationFailed;
    }
}
