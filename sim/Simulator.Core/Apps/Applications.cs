using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Scheduling;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Apps;

/// <summary>
/// What the applications do: each endpoint's steps, run at their time or when their trigger fires. On a listener,
/// <c>on:</c> steps run on each accepted connection; a timed close, abort, send or shutdown on a listener acts on
/// every connection it accepted that is still open (and close/abort end the listener too, as a server exiting).
/// </summary>
public sealed class Applications
{
    public const int ActionEvent = 3;

    private readonly Scheduler _scheduler;
    private readonly Trace? _trace;
    private readonly Func<string, TransportAddress?> _resolve;
    private readonly Dictionary<TcpEndpoint, Program> _programs = [];
    private readonly List<(TcpEndpoint Endpoint, AppAction Action)> _pending = [];
    private readonly Stack<int> _freePending = new();

    public Applications(Scheduler scheduler, Trace? trace, Func<string, TransportAddress?> resolve)
    {
        _scheduler = scheduler;
        _trace = trace;
        _resolve = resolve;
    }

    /// <summary>Gives a scenario endpoint its steps and queues the timed ones.</summary>
    public void Install(TcpEndpoint endpoint, IReadOnlyList<AppStep> steps)
    {
        bool listener = steps.Any(s => s.Action.Kind == AppActionKind.Listen);
        _programs[endpoint] = new Program(steps.Where(s => s.Trigger is OnTrigger).ToArray(), listener);
        foreach (AppStep step in steps)
        {
            if (step.Trigger is AtTrigger at) Queue(endpoint, step.Action, at.At + step.After);
        }
    }

    /// <summary>An accepted connection inherits its listener's <c>on:</c> steps.</summary>
    public void Adopt(TcpEndpoint child, TcpEndpoint listener)
    {
        if (_programs.TryGetValue(listener, out var p)) _programs[child] = new Program(p.OnSteps, forConnections: false);
    }

    /// <summary>Runs the steps whose trigger is this event.</summary>
    public void Notify(TcpEndpoint ep, AppEventKind kind)
    {
        if (!_programs.TryGetValue(ep, out var program) || program.ForConnections) return;
        for (int i = 0; i < program.OnSteps.Length; i++)
        {
            AppStep step = program.OnSteps[i];
            var trigger = (OnTrigger)step.Trigger;
            if (trigger.Event != kind) continue;
            if (kind == AppEventKind.Received)
            {
                if (ep.BytesReceived < trigger.Bytes || program.Fired[i]) continue;
                program.Fired[i] = true;
            }
            Queue(ep, step.Action, _scheduler.Now + step.After);
        }
    }

    /// <summary>Forgets per-connection trigger state when an endpoint starts a new connection.</summary>
    public void Rearm(TcpEndpoint ep)
    {
        if (_programs.TryGetValue(ep, out var p)) Array.Clear(p.Fired);
    }

    public void OnAction(int slot, Func<TcpEndpoint, IEnumerable<TcpEndpoint>> childrenOf)
    {
        var (ep, action) = _pending[slot];
        _pending[slot] = default;
        _freePending.Push(slot);
        if (ep.State == TcpState.Listen && action.Kind is not AppActionKind.Listen)
        {
            foreach (TcpEndpoint child in childrenOf(ep).ToArray())
                if (child.State != TcpState.Closed) Perform(child, action);
            if (action.Kind is AppActionKind.Close or AppActionKind.Abort) Perform(ep, action);
            return;
        }
        Perform(ep, action);
    }

    private void Perform(TcpEndpoint ep, AppAction action)
    {
        _trace?.Add(new AppCall(_scheduler.Now, ep.Name, action.Kind.ToString().ToLowerInvariant(),
            action.Kind switch
            {
                AppActionKind.Connect => action.Target,
                AppActionKind.Send => action.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            }));
        switch (action.Kind)
        {
            case AppActionKind.Listen: ep.Listen(); break;
            case AppActionKind.Connect:
                if (_resolve(action.Target!) is TransportAddress remote)
                {
                    Rearm(ep);
                    ep.Connect(remote);
                }
                else _trace?.Add(new AppResult(_scheduler.Now, ep.Name, "connect", "EHOSTUNREACH", action.Target));
                break;
            case AppActionKind.Send: ep.Send(action.Bytes); break;
            case AppActionKind.Close: ep.Close(); break;
            case AppActionKind.Shutdown: ep.Shutdown(); break;
            case AppActionKind.Abort: ep.Abort(); break;
        }
    }

    private void Queue(TcpEndpoint ep, AppAction action, SimTime at)
    {
        int slot;
        if (_freePending.Count > 0)
        {
            slot = _freePending.Pop();
            _pending[slot] = (ep, action);
        }
        else
        {
            slot = _pending.Count;
            _pending.Add((ep, action));
        }
        _scheduler.Schedule(SimTime.Max(at, _scheduler.Now), new EventPayload(ActionEvent, slot, 0));
    }

    /// <summary>An endpoint's event-driven steps; a listener's are for its connections, not for itself.</summary>
    private sealed class Program(AppStep[] onSteps, bool forConnections)
    {
        public AppStep[] OnSteps { get; } = onSteps;
        public bool ForConnections { get; } = forConnections;
        public bool[] Fired { get; } = new bool[onSteps.Length];
    }
}
