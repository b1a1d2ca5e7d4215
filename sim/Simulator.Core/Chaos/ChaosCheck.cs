using Simulator.Core.Scenarios;
using Simulator.Core.Tracing;

namespace Simulator.Core.Chaos;

/// <summary>How each chaos run is judged: its event limit, and whether the scenario's own expectations count.</summary>
public sealed record ChaosOptions
{
    /// <summary>A run of a few connections needs thousands of events; a million means it never ends.</summary>
    public const long DefaultMaxEvents = 1_000_000;

    public long MaxEvents { get; init; } = DefaultMaxEvents;
    public bool Expectations { get; init; }
}

/// <summary>One schedule's verdict: the first check it broke (null: none), and the trace of its run.</summary>
public sealed record ChaosVerdict(FaultSchedule Schedule, Violation? Violation, Trace? Trace)
{
    public bool Failed => Violation is not null;
}

/// <summary>
/// Runs a scenario under one fault schedule and checks it: the trace invariants, then (if asked) the scenario's
/// expectations, then that a second run gives the same trace. The run is a pure function of (scenario, schedule).
/// </summary>
public static class ChaosCheck
{
    /// <summary>The check name of a run that threw instead of ending.</summary>
    public const string Crash = "crash";

    public static ChaosVerdict Run(Scenario scenario, FaultSchedule schedule, ChaosOptions options)
    {
        Scenario faulty = schedule.ApplyTo(scenario);
        var runOptions = new RunOptions { MaxEvents = options.MaxEvents };
        if (Simulate(faulty, runOptions) is not { } first)
            return new ChaosVerdict(schedule, CrashOf(faulty, runOptions), null);
        if (Invariants.FirstViolation(Invariants.All(options.MaxEvents, Invariants.VariantsAllowStaleData(scenario)), first) is Violation v)
            return new ChaosVerdict(schedule, v, first);
        if (options.Expectations && ExpectationChecker.Check(scenario.Expectations, first).FirstOrDefault(r => !r.Passed) is { } failed)
            return new ChaosVerdict(schedule, new Violation(Invariants.Expectations, failed.Text), first);
        Trace? second = Simulate(faulty, runOptions);
        int? difference = second is null ? 0 : FirstDifference(first, second);
        if (difference is int i)
        {
            string what = second is null ? "the second run threw" : $"event {i + 1} differs: {Show(first, i)} / {Show(second, i)}";
            return new ChaosVerdict(schedule, new Violation(Invariants.Deterministic, $"the same schedule run twice gave different traces: {what}"), first);
        }
        return new ChaosVerdict(schedule, null, first);
    }

    /// <summary>The index of the first event where two traces differ, or null when they are the same.</summary>
    public static int? FirstDifference(Trace a, Trace b)
    {
        int n = Math.Min(a.Events.Count, b.Events.Count);
        for (int i = 0; i < n; i++)
            if (!a.Events[i].Equals(b.Events[i])) return i;
        return a.Events.Count == b.Events.Count ? null : n;
    }

    private static string Show(Trace t, int i) => i < t.Events.Count ? t.Events[i].ToString() : "(end of trace)";

    private static Trace? Simulate(Scenario scenario, RunOptions options)
    {
        try
        {
            return ScenarioRunner.Run(scenario, options).Trace;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static Violation CrashOf(Scenario scenario, RunOptions options)
    {
        try
        {
            ScenarioRunner.Run(scenario, options);
            return new Violation(Crash, "the run threw once, then not (nondeterministic)");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string at = e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "";
            return new Violation(Crash, $"{e.GetType().Name}: {e.Message} {at}");
        }
    }
}
