using Simulator.Core.Tracing;

namespace Simulator.Core.Chaos;

/// <summary>The run ends on its own or at its stop time, never at the event limit (no livelock, no endless retries).</summary>
public sealed class RunEndsInLimits(long maxEvents) : IInvariant
{
    public string Name => "ends";

    public string Description => "the run ends before its event limit";

    public Violation? Check(Trace trace)
    {
        if (trace.Events.Count == 0 || trace.Events[^1] is not RunEnded end)
            return new Violation(Name, "the trace has no end-of-run record");
        if (end.EventsProcessed >= maxEvents)
            return new Violation(Name, $"the run was stopped at {end.Time.ToMillisecondsString()} ms after {end.EventsProcessed} events: {end.Reason}");
        return null;
    }
}
