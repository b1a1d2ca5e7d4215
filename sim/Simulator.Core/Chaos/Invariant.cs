using Simulator.Core.Tracing;

namespace Simulator.Core.Chaos;

/// <summary>A broken rule: which check, and what in the trace broke it.</summary>
public sealed record Violation(string Check, string Message)
{
    public override string ToString() => $"{Check}: {Message}";
}

/// <summary>A property that holds for any run of any scenario under any fault schedule; it reads the trace only.</summary>
public interface IInvariant
{
    /// <summary>The short name used by <c>tcpsim chaos</c> and by the <c>invariant:</c> expectation.</summary>
    string Name { get; }

    /// <summary>What this invariant promises, in one line.</summary>
    string Description { get; }

    /// <summary>The first violation in the trace, or null when the invariant holds.</summary>
    Violation? Check(Trace trace);
}

/// <summary>The built-in invariants, in the order they are checked.</summary>
public static class Invariants
{
    /// <summary>The name of the check that runs a schedule twice and compares the traces (not a trace invariant).</summary>
    public const string Deterministic = "deterministic";

    /// <summary>The name under which a scenario's own expectations fail in <c>tcpsim chaos --expectations</c>.</summary>
    public const string Expectations = "expectations";

    /// <summary>The trace invariants; <paramref name="maxEvents"/> is the event limit the run had.</summary>
    public static IReadOnlyList<IInvariant> All(long maxEvents) =>
        [new RunEndsInLimits(maxEvents), new LegalTransitions(), new InOrderDelivery(), new CompleteDelivery(), new NoTimerWhenClosed()];

    /// <summary>The first violation of any trace invariant, or null.</summary>
    public static Violation? FirstViolation(IEnumerable<IInvariant> invariants, Trace trace)
    {
        foreach (IInvariant invariant in invariants)
            if (invariant.Check(trace) is Violation v) return v;
        return null;
    }
}
