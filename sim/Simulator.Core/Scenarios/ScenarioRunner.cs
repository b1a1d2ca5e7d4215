using Simulator.Core.Apps;
using Simulator.Core.Network;
using Simulator.Core.Randomness;
using Simulator.Core.Scheduling;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Scenarios;

/// <summary>
/// How much of a run is recorded: every event; the lifecycle only (state changes, application calls and results:
/// no segments, deliveries, faults or timers); or nothing beyond counters (bulk runs).
/// </summary>
public enum TraceMode { Full, Lifecycle, None }

/// <summary>Run-time choices that override the scenario: seed, profile, event limit, trace level.</summary>
public sealed record RunOptions
{
    public ulong? Seed { get; init; }
    public string? Profile { get; init; }
    public long MaxEvents { get; init; } = Scheduler.DefaultEventLimit;
    public TraceMode TraceMode { get; init; } = TraceMode.Full;
}

/// <summary>What a run produced: the trace (null when not recorded), why it stopped, and counters.</summary>
public sealed record RunResult(Trace? Trace, RunOutcome Outcome, string EndReason, RunCounters Counters);

/// <summary>
/// Counters kept whatever the trace level. <see cref="Completed"/>: connections opened by connect() that reached
/// ESTABLISHED and later CLOSED without an error.
/// </summary>
public sealed record RunCounters(long Events, long SegmentsSent, long SegmentsLost, int Endpoints, long Completed, long Retransmissions);

/// <summary>Scenario → Trace: builds hosts, links, endpoints and applications, then runs the event loop.</summary>
public sealed class ScenarioRunner : IEndpointContext, IEventHandler
{
    private const int TimerEvent = 4;
    private const int InjectEvent = 5;
    private const int TimerKindBits = 3;   // room for every TimerKind (eight)

    private readonly Scenario _scenario;
    private readonly RunOptions _options;
    private readonly Scheduler _scheduler = new();
    private readonly Trace? _trace;
    private readonly Fabric _fabric;
    private readonly Applications _apps;
    // Per-endpoint bookkeeping is by id and is dropped when an accepted connection reaches CLOSED (a listener
    // never connects, so its connections never open again): a million finished connections no longer stay in
    // memory. Endpoint ids are never reused, so a late wake-up cannot reach another endpoint.
    private readonly List<TcpEndpoint?> _endpoints = [];
    private readonly Dictionary<int, Children> _children = [];
    private Dictionary<string, TcpEndpoint>? _byName;   // made on the first connect to an endpoint name
    private readonly Dictionary<string, TransportAddress?> _resolved = [];
    private readonly Dictionary<string, HostNode> _hosts = [];
    private readonly HashSet<int> _establishedActive = [];
    private long _completed;
    private readonly ulong _seed;
    private readonly TcpSettings _profile;
    private readonly bool[] _ephemeral;   // by scenario endpoint id: no fixed port, connect() picks one

    private ScenarioRunner(Scenario scenario, RunOptions options)
    {
        _scenario = scenario;
        _options = options;
        _seed = options.Seed ?? scenario.Seed;
        string profileName = options.Profile ?? scenario.Profile;
        if (!TcpProfiles.TryGet(profileName, out _profile))
            throw new ArgumentException($"unknown profile '{profileName}' (allowed: {string.Join(", ", TcpProfiles.Names)})");
        _trace = options.TraceMode == TraceMode.None
            ? null
            : new Trace(scenario.Name, scenario.Description, _seed, profileName, scenario.Hosts.Select(h => new HostInfo(h.Name, h.Address)).ToArray(),
                recordsWire: options.TraceMode == TraceMode.Full);

        var nodes = new List<HostNode>();
        foreach (HostSpec h in scenario.Hosts)
        {
            var node = new HostNode(nodes.Count, h.Name, h.Address, h.EphemeralPorts);
            nodes.Add(node);
            _hosts[h.Name] = node;
        }
        _fabric = new Fabric(_scheduler, _trace, nodes, new FaultTable(scenario.Faults));
        foreach (LinkSpec link in scenario.Links)
        {
            HostNode a = _hosts[link.A], b = _hosts[link.B];
            _fabric.AddLink(a.Index, b.Index, new LinkDirection(a.Index, b.Index, link.AToB, new RandomStream(_seed, $"link/{a.Name}>{b.Name}")));
            _fabric.AddLink(b.Index, a.Index, new LinkDirection(b.Index, a.Index, link.BToA, new RandomStream(_seed, $"link/{b.Name}>{a.Name}")));
        }
        _apps = new Applications(_scheduler, _trace, Resolve, ChildrenOf);

        var ports = new RandomStream(_seed, "ephemeral-ports");
        foreach (EndpointSpec spec in scenario.Endpoints.Where(e => e.Port is not null))
            _hosts[spec.Host].Bind(spec.Port!.Value);
        _ephemeral = new bool[scenario.Endpoints.Count];
        foreach (EndpointSpec spec in scenario.Endpoints)
        {
            HostNode host = _hosts[spec.Host];
            _ephemeral[_endpoints.Count] = spec.Port is null;
            ushort port = spec.Port ?? EphemeralStart(host, ports);
            TcpSettings settings = _profile.Apply(spec.Tcp);
            if (spec.ManualReads || spec.ManualAccepts) settings = settings with { ManualReads = spec.ManualReads, ManualAccepts = spec.ManualAccepts };
            var ep = new TcpEndpoint(_endpoints.Count, spec.Name, new TransportAddress(host.Address, port), settings, this);
            Add(ep, host, null);
            _apps.Install(ep, spec.Steps);
        }
        for (int i = 0; i < scenario.Injections.Count; i++)
            _scheduler.Schedule(scenario.Injections[i].At, new EventPayload(InjectEvent, i, 0));
    }

    /// <summary>Runs a scenario to its end and returns the trace.</summary>
    public static RunResult Run(Scenario scenario, RunOptions? options = null) => Start(scenario, options).Execute();

    /// <summary>Builds the runner (hosts, links, endpoints, queued steps) without running it; see <see cref="Execute"/>.</summary>
    public static ScenarioRunner Start(Scenario scenario, RunOptions? options = null) =>
        new(scenario, options ?? new RunOptions());

    /// <summary>Runs the event loop to the scenario's end; call once.</summary>
    public RunResult Execute()
    {
        RunOutcome outcome = _scheduler.Run(this, _scenario.Until, _options.MaxEvents);
        // A drained queue can end on stale timer wake-ups (timers cancelled earlier): the run really ended with
        // the last thing that happened (on the wire too when the trace leaves the wire out).
        if (outcome.Reason == StopReason.Drained && _trace is { Events.Count: > 0 } t)
            outcome = outcome with { EndTime = SimTime.Max(t.Events[^1].Time, _fabric.LastActivity) };
        string reason = outcome.Describe(_options.MaxEvents);
        _trace?.Add(new RunEnded(outcome.EndTime, reason, outcome.EventsProcessed));
        return new RunResult(_trace, outcome, reason,
            new RunCounters(outcome.EventsProcessed, _fabric.SegmentsSent, _fabric.SegmentsLost, _endpoints.Count, _completed, _fabric.Retransmissions));
    }

    public void Handle(in ScheduledEvent e)
    {
        EventPayload p = e.Payload;
        switch (p.Kind)
        {
            case Fabric.DeliverEvent: _fabric.OnDeliver(p.Target); break;
            case Fabric.DuplicateEvent: _fabric.OnDuplicate(p.Target); break;
            case Applications.ActionEvent: _apps.OnAction(p.Target); break;
            case TimerEvent:
                // A released endpoint had all its timers cancelled: its wake-ups would be stale anyway.
                _endpoints[p.Target]?.OnWake((TimerKind)(p.Arg & ((1 << TimerKindBits) - 1)), (int)(p.Arg >> TimerKindBits));
                break;
            case InjectEvent: Inject(_scenario.Injections[p.Target]); break;
        }
    }

    private void Inject(InjectSpec inj)
    {
        HostNode from = _hosts[inj.FromHost], to = _hosts[inj.ToHost];
        var segment = new Segment(new TransportAddress(from.Address, inj.FromPort), new TransportAddress(to.Address, inj.ToPort),
            new SeqNum(inj.Seq), new SeqNum(inj.Ack), inj.Flags, inj.Length, 65535, TcpOptions.None);
        _fabric.Transmit(from, segment, null, retransmission: false, injected: true);
    }

    // ---- IEndpointContext ---------------------------------------------------------------------------------------

    public SimTime Now => _scheduler.Now;
    public Trace? Trace => _trace;

    public SimTime TransmitterFreeAt(TcpEndpoint from) => _fabric.TransmitterFreeAt(HostOf(from), from.Remote.Ip);

    public SimTime Transmit(TcpEndpoint from, in Segment segment, bool retransmission) =>
        _fabric.Transmit(HostOf(from), segment, from.Name, retransmission);

    public void WakeAt(TcpEndpoint ep, TimerKind kind, SimTime at, int generation) =>
        _scheduler.Schedule(at, new EventPayload(TimerEvent, ep.Id, (generation << TimerKindBits) | (int)kind));

    public TcpEndpoint Spawn(TcpEndpoint listener, in Segment syn)
    {
        var child = new TcpEndpoint(_endpoints.Count, listener.NextChildName(), listener.Local, listener.Settings, this, listener);
        Add(child, HostOf(listener), listener);
        _apps.Adopt(child, listener);
        return child;
    }

    public void SetRegistered(TcpEndpoint ep, bool registered)
    {
        HostNode host = HostOf(ep);
        if (!registered)
        {
            host.RemoveListener(ep);
            host.RemoveConnection(ep);
        }
        else if (ep.State == TcpState.Listen) host.AddListener(ep);
        else host.AddConnection(ep);
    }

    public bool HandToListener(TcpEndpoint timeWait, in Segment syn)
    {
        TcpEndpoint? listener = HostOf(timeWait).FindListener(timeWait.Local.Port);
        if (listener is null) return false;
        listener.OnSynFromTimeWait(syn, timeWait.EndTimeWaitForNewSyn());
        return true;
    }

    public void Notify(TcpEndpoint ep, AppEventKind kind)
    {
        if (ep.Listener is null)
        {
            if (kind == AppEventKind.Established) _establishedActive.Add(ep.Id);
            else if (kind == AppEventKind.Closed && ep.Error is null && _establishedActive.Remove(ep.Id)) _completed++;
        }
        _apps.Notify(ep, kind);
        if (kind == AppEventKind.Closed && ep.Listener is not null) Release(ep);
    }

    public ushort? ConnectPort(TcpEndpoint ep, TransportAddress remote, out SeqNum? iss)
    {
        iss = null;
        return ep.Id < _ephemeral.Length && _ephemeral[ep.Id]
            ? HostOf(ep).Ports.Pick(ep, remote, ep.Local.Port, _scheduler.Now, out iss)
            : ep.Local.Port;
    }

    public uint NextIsn(TcpEndpoint ep)
    {
        if (ep.Settings.Isn is uint fixedIsn) return fixedIsn;
        return RandomStream.NthUInt32(_seed, "isn/", ep.Name, ep.Opens - 1);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void Add(TcpEndpoint ep, HostNode host, TcpEndpoint? listener)
    {
        _endpoints.Add(ep);
        if (listener is not null)
        {
            if (!_children.TryGetValue(listener.Id, out var children)) _children[listener.Id] = children = new Children();
            children.Accepted.Add(ep);
        }
        _trace?.Add(new EndpointCreated(_scheduler.Now, ep.Name, host.Name, ep.Local.Port, listener?.Name));
    }

    /// <summary>The host an endpoint lives on: addresses are unique per host.</summary>
    private HostNode HostOf(TcpEndpoint ep) => _fabric.HostAt(ep.Local.Ip)!;

    /// <summary>An accepted connection reached CLOSED: forget it everywhere.</summary>
    private void Release(TcpEndpoint child)
    {
        _endpoints[child.Id] = null;
        _apps.Release(child);
        Children children = _children[child.Listener!.Id];
        // Closed connections leave the list in batches, keeping creation order at O(1) amortized per connection.
        if (++children.Closed > children.Accepted.Count / 2)
        {
            children.Accepted.RemoveAll(c => c.State == TcpState.Closed);
            children.Closed = 0;
        }
    }

    private IEnumerable<TcpEndpoint> ChildrenOf(TcpEndpoint listener) =>
        _children.TryGetValue(listener.Id, out var children) ? children.Accepted : [];

    /// <summary>A listener's accepted connections in creation order; <see cref="Closed"/> of them are CLOSED.</summary>
    private sealed class Children
    {
        public readonly List<TcpEndpoint> Accepted = [];
        public int Closed;
    }

    /// <summary><c>host:port</c>, <c>endpoint:port</c> or <c>endpoint</c> → address.</summary>
    private TransportAddress? Resolve(string target)
    {
        // Names and ports are fixed once the runner is built: each target is parsed once, not at every connect.
        if (!_resolved.TryGetValue(target, out var address)) _resolved[target] = address = Parse(target);
        return address;
    }

    private TransportAddress? Parse(string target)
    {
        int colon = target.LastIndexOf(':');
        string name = colon >= 0 ? target[..colon] : target;
        ushort? port = colon >= 0 && ushort.TryParse(target[(colon + 1)..], out ushort p) ? p : null;
        if (_hosts.TryGetValue(name, out var host) && port is ushort hp) return new TransportAddress(host.Address, hp);
        if (_byName is null)
        {
            // The scenario's endpoints are ids 0..n-1 and never released. Built on demand: a million clients that
            // connect to host:port do not pay for a million-entry name table.
            _byName = [];
            for (int i = 0; i < _scenario.Endpoints.Count; i++) _byName[_endpoints[i]!.Name] = _endpoints[i]!;
        }
        if (_byName.TryGetValue(name, out var ep)) return new TransportAddress(ep.Local.Ip, port ?? ep.Local.Port);
        return null;
    }

    /// <summary>
    /// Where an endpoint without a fixed port starts its walk over the host's ephemeral range (Linux: a hashed
    /// offset); connect() takes the first free 4-tuple from there (<see cref="PortAllocator"/>).
    /// </summary>
    private static ushort EphemeralStart(HostNode host, RandomStream random)
    {
        PortRange range = host.Ports.Range;
        return (ushort)(range.Low + random.NextInclusive(range.High - range.Low));
    }
}
