using Simulator.Core.Time;
using Simulator.Core.Tcp;
using Simulator.Core.Scenarios;
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

    /// <summary>
    /// The trace invariants; <paramref name="maxEvents"/> is the event limit the run had. With
    /// <paramref name="variantsAllowStaleData"/> (a scenario that runs a protocol variant, see
    /// <see cref="VariantsAllowStaleData"/>) bytes of an earlier connection may be delivered and a passive open may skip SYN-RECEIVED: showing that is the point.
    /// </summary>
    public static IReadOnlyList<IInvariant> All(long maxEvents, bool variantsAllowStaleData = false) =>
        [new RunEndsInLimits(maxEvents), new LegalTransitions(variantsAllowStaleData), new InOrderDelivery(variantsAllowStaleData), new CompleteDelivery(variantsAllowStaleData), new NoTimerWhenClosed()];

    /// <summary>Whether an endpoint of the scenario runs a variant that lets an earlier connection's bytes through.</summary>
    public static bool VariantsAllowStaleData(Scenario scenario) =>
        scenario.Endpoints.Any(e => e.Tcp is { } o && (o.TimeWait == SimDuration.Zero || o.Handshake == HandshakeVariant.TwoWay));

    /// <summary>The first violation of any trace invariant, or null.</summary>
    public static Violation? FirstViolation(IEnumerable<IInvariant> invariants, Trace trace)
    {
        foreach (IInvariant invariant in invariants)
            if (invariant.Check(trace) is Violation v) return v;
        return null;
    }
}
