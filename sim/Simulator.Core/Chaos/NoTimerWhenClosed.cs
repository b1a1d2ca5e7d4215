using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Chaos;

/// <summary>No timer is armed or fires for an endpoint in CLOSED: entering CLOSED cancels all of them.</summary>
public sealed class NoTimerWhenClosed : IInvariant
{
    public string Name => "timers";

    public string Description => "no timer is armed or fires for a closed endpoint";

    public Violation? Check(Trace trace)
    {
        var state = new Dictionary<string, TcpState>();
        foreach (TraceEvent e in trace.Events)
        {
            switch (e)
            {
                case StateChanged c:
                    state[c.Endpoint] = c.To;
                    break;
                case TimerFired f when state.GetValueOrDefault(f.Endpoint) == TcpState.Closed:
                    return new Violation(Name, $"{f.Endpoint} at {f.Time.ToMillisecondsString()} ms: the {f.Timer} timer fired in CLOSED");
                case TimerSet t when state.GetValueOrDefault(t.Endpoint) == TcpState.Closed:
                    return new Violation(Name, $"{t.Endpoint} at {t.Time.ToMillisecondsString()} ms: the {t.Timer} timer was armed in CLOSED");
            }
        }
        return null;
    }
}
