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
    private readonly Func<TcpEndpoint, IEnumerable<TcpEndpoint>> _childrenOf;
    // By endpoint id, as structs: a class and a dictionary entry per endpoint cost ~100 bytes each over a million.
    private Program[] _programs = new Program[16];
    private AppStep[] _lastOnSteps = [];
    private readonly List<(TcpEndpoint Endpoint, AppAction Action)> _pending = [];
    private readonly Stack<int> _freePending = new();

    public Applications(Scheduler scheduler, Trace? trace, Func<string, TransportAddress?> resolve,
        Func<TcpEndpoint, IEnumerable<TcpEndpoint>> childrenOf)
    {
        _scheduler = scheduler;
        _trace = trace;
        _resolve = resolve;
        _childrenOf = childrenOf;
    }

    /// <summary>Gives a scenario endpoint its steps and queues the timed ones.</summary>
    public void Install(TcpEndpoint endpoint, IReadOnlyList<AppStep> steps)
    {
        bool listener = false;
        int onCount = 0;
        bool sameOnSteps = true;
        for (int i = 0; i < steps.Count; i++)
        {
            AppStep step = steps[i];
            listener |= step.Action.Kind == AppActionKind.Listen;
            if (step.Trigger is OnTrigger)
            {
                sameOnSteps &= onCount < _lastOnSteps.Length && ReferenceEquals(_lastOnSteps[onCount], step);
                onCount++;
            }
            else if (step.Trigger is AtTrigger at) Queue(endpoint, step.Action, at.At + step.After);
        }
        // Endpoints built alike share their on: steps (the same step objects): one array, not one each, and no
        // temporary list or LINQ enumerators per endpoint (with the lazy name table: 1 M-connection run −0.5 s).
        if (!sameOnSteps || onCount != _lastOnSteps.Length)
            _lastOnSteps = [.. steps.Where(s => s.Trigger is OnTrigger)];
        Slot(endpoint) = new Program(_lastOnSteps, listener);
    }

    /// <summary>An accepted connection inherits its listener's <c>on:</c> steps.</summary>
    public void Adopt(TcpEndpoint child, TcpEndpoint listener)
    {
        Program p = Find(listener);
        if (p.OnSteps is not null) Slot(child) = new Program(p.OnSteps, ForConnections: false);
    }

    /// <summary>Forgets an endpoint that will never act again (an accepted connection that reached CLOSED).</summary>
    public void Release(TcpEndpoint ep)
    {
        if (ep.Id < _programs.Length) _programs[ep.Id] = default;
    }

    /// <summary>Runs the steps whose trigger is this event.</summary>
    public void Notify(TcpEndpoint ep, AppEventKind kind)
    {
        if (ep.Id >= _programs.Length) return;
        ref Program program = ref _programs[ep.Id];
        if (program.OnSteps is null || program.ForConnections) return;
        for (int i = 0; i < program.OnSteps.Length; i++)
        {
            AppStep step = program.OnSteps[i];
            var trigger = (OnTrigger)step.Trigger;
            if (trigger.Event != kind) continue;
            if (kind == AppEventKind.Received)
            {
                program.Fired ??= new bool[program.OnSteps.Length];
                if (ep.BytesReceived < trigger.Bytes || program.Fired[i]) continue;
                program.Fired[i] = true;
            }
            Queue(ep, step.Action, _scheduler.Now + step.After);
        }
    }

    /// <summary>Forgets per-connection trigger state when an endpoint starts a new connection.</summary>
    public void Rearm(TcpEndpoint ep)
    {
        if (Find(ep).Fired is bool[] fired) Array.Clear(fired);
    }

    public void OnAction(int slot)
    {
        var (ep, action) = _pending[slot];
        _pending[slot] = default;
        _freePending.Push(slot);
        if (ep.State == TcpState.Listen && action.Kind is not (AppActionKind.Listen or AppActionKind.Accept))
        {
            foreach (TcpEndpoint child in _childrenOf(ep).ToArray())
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
                AppActionKind.Send or AppActionKind.Read when action.Bytes > 0 => action.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => null,
            }));
        switch (action.Kind)
        {
            case AppActionKind.Listen: ep.Listen(action.Backlog ?? TcpEndpoint.DefaultBacklog); break;
            case AppActionKind.Accept: ep.Accept(); break;
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
            case AppActionKind.Read: ep.Read(action.Bytes > 0 ? action.Bytes : null); break;
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

    private Program Find(TcpEndpoint ep) => ep.Id < _programs.Length ? _programs[ep.Id] : default;

    private ref Program Slot(TcpEndpoint ep)
    {
        if (ep.Id >= _programs.Length) Array.Resize(ref _programs, Math.Max(ep.Id + 1, _programs.Length * 2));
        return ref _programs[ep.Id];
    }

    /// <summary>
    /// An endpoint's event-driven steps (null: none installed); a listener's are for its connections, not for
    /// itself. <see cref="Fired"/> marks the <c>received N</c> steps that ran; made on the first such event.
    /// </summary>
    private record struct Program(AppStep[]? OnSteps, bool ForConnections)
    {
        public bool[]? Fired;
    }
}
