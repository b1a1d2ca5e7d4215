using System.Globalization;
using Simulator.Cli.Output;
using Simulator.Charts;
using Simulator.Core.Charts;
using Simulator.Core.Export;
using Simulator.Core.Scenarios;
using Simulator.Core.Scheduling;
using Simulator.Core.Tracing;

namespace Simulator.Cli.Commands;

/// <summary>What one scenario's run came to.</summary>
public sealed record ScenarioOutcome(string Name, int Passed, int Failed, string Folder)
{
    public bool Ok => Failed == 0;
}

/// <summary>
/// Runs one scenario: simulate, print the trace and the expectation verdicts, then write every output file of
/// <c>&lt;out&gt;/&lt;name&gt;/</c> as one set (nothing is left half-written if any step fails).
/// </summary>
public static class ScenarioRun
{
    public const string ExpectationsFile = "expectations.txt";
    private const string PassMark = "PASS  ";
    private const string FailMark = "FAIL  ";

    public static ScenarioOutcome Execute(Scenario scenario, RunRequest request, OutputPaths paths, TextWriter stdout)
    {
        var options = new RunOptions { MaxEvents = request.MaxEvents ?? Scheduler.DefaultEventLimit };
        RunResult run = ScenarioRunner.Run(scenario, options);
        Trace trace = run.Trace!;
        IReadOnlyList<ExpectationResult> results = ExpectationChecker.Check(scenario.Expectations, trace);
        if (run.Outcome.Reason == StopReason.EventLimit)
            results = [.. results, new ExpectationResult(new StatesExpectation("", []), false, $"the run did not finish: {run.EndReason}")];

        stdout.WriteLine($"== {scenario.Name}  ({scenario.SourceFile}; profile {trace.Profile}, seed {trace.Seed})");
        if (!request.Quiet)
            foreach (ConsoleLine line in ConsoleTrace.Render(trace)) stdout.WriteLine(line.Text);
        var verdicts = results.Select(r => (r.Passed ? PassMark : FailMark) + Located(r)).ToArray();
        foreach (string v in verdicts) stdout.WriteLine(v);

        using var set = new OutputSet(paths, scenario.Name);
        set.AddText("segments.txt", SegmentsText.Write(trace));
        set.AddText("states.txt", StatesText.Write(trace));
        set.Add("events.jsonl", s => s.Write(JsonlTrace.Write(trace)));
        set.Add("trace.pcap", s => s.Write(PcapWriter.Write(trace, request.PcapAt)));
        set.AddText(ExpectationsFile, string.Concat(verdicts.Select(v => v + "\n")));
        if (!request.NoCharts)
        {
            var outcomes = results.Select(r => new ExpectationOutcome(r.Passed, Located(r))).ToArray();
            foreach (var (name, content) in RunCharts.Files(trace, outcomes, new ChartOptions { AbsoluteSeq = request.AbsoluteSeq }))
                set.Add(name, s => s.Write(content));
        }
        set.Commit();

        int passed = results.Count(r => r.Passed);
        var outcome = new ScenarioOutcome(scenario.Name, passed, results.Count - passed, set.Folder);
        var sent = trace.OfType<SegmentSent>().ToArray();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenario.Name}: {passed} of {results.Count} expectations passed; {sent.Length} segments ({sent.Count(s => s.Fate == SegmentFate.Lost)} lost); "
            + $"ended at {run.Outcome.EndTime.ToMillisecondsString()} ms ({run.EndReason}); outputs in {set.Folder}"));
        stdout.WriteLine();
        return outcome;
    }

    /// <summary>The verdict text with the expectation's place in the scenario file, when known.</summary>
    private static string Located(ExpectationResult r)
    {
        string where = r.Expectation.Where.ToString();
        return where.Length == 0 ? r.Text : $"{r.Text}  [{where}]";
    }

    /// <summary>Reads the verdicts a run saved, for re-rendering the report.</summary>
    public static IReadOnlyList<ExpectationOutcome> ReadVerdicts(string folder)
    {
        string path = Path.Combine(folder, ExpectationsFile);
        if (!File.Exists(path)) return [];
        return File.ReadAllLines(path)
            .Where(l => l.StartsWith(PassMark, StringComparison.Ordinal) || l.StartsWith(FailMark, StringComparison.Ordinal))
            .Select(l => new ExpectationOutcome(l.StartsWith(PassMark, StringComparison.Ordinal), l[PassMark.Length..]))
            .ToArray();
    }
}
