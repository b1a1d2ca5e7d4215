using Simulator.Core.Export;
using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Support;

/// <summary>Builds scenarios in code for flow tests: two hosts joined by one link, endpoints with steps.</summary>
internal sealed class ScenarioBuilder
{
    private readonly List<HostSpec> _hosts = [];
    private readonly List<LinkSpec> _links = [];
    private readonly List<FaultRule> _faults = [];
    private readonly List<EndpointSpec> _endpoints = [];
    private readonly List<InjectSpec> _injections = [];
    private string _profile = TcpProfiles.Linux;
    private SimTime? _until;
    private ulong _seed = 1;

    public static ScenarioBuilder ClientServer(SimDuration? delay = null)
    {
        var b = new ScenarioBuilder();
        b._hosts.Add(new HostSpec("client", Ip("10.0.0.1")));
        b._hosts.Add(new HostSpec("server", Ip("10.0.0.2")));
        var d = new LinkDirectionSpec(delay ?? SimDuration.FromMicroseconds(15), SimDuration.Zero, 0, 0, null);
        b._links.Add(new LinkSpec("client", "server", d, d));
        return b;
    }

    public static Ipv4Address Ip(string text) => Ipv4Address.TryParse(text, out var a) ? a : throw new ArgumentException(text);

    public ScenarioBuilder Profile(string profile) { _profile = profile; return this; }
    public ScenarioBuilder Until(SimTime until) { _until = until; return this; }
    public ScenarioBuilder Seed(ulong seed) { _seed = seed; return this; }
    public ScenarioBuilder Link(LinkDirectionSpec both) { _links[0] = _links[0] with { AToB = both, BToA = both }; return this; }

    public ScenarioBuilder Fault(FaultAction action, string from, SegmentKind kind, int? nth = 1, int? count = null,
        SimDuration? by = null, SimTime? sentAfter = null)
    {
        _faults.Add(new FaultRule { Action = action, From = from, Kind = kind, Nth = nth, Count = count, By = by ?? SimDuration.Zero, SentAfter = sentAfter });
        return this;
    }

    public ScenarioBuilder Endpoint(string name, string host, ushort? port, TcpOverrides? tcp, params AppStep[] steps)
    {
        _endpoints.Add(new EndpointSpec(name, host, port, tcp, steps));
        return this;
    }

    public ScenarioBuilder Server(params AppStep[] extra) =>
        Endpoint("server", "server", 5000, null, [Step.At(0, new AppAction(AppActionKind.Listen)), .. extra]);

    public ScenarioBuilder Client(params AppStep[] steps) => Endpoint("client", "client", 40000, null, steps);

    public ScenarioBuilder Inject(SimTime at, string fromHost, ushort fromPort, string toHost, ushort toPort, TcpFlags flags, uint seq, uint ack = 0)
    {
        _injections.Add(new InjectSpec(at, fromHost, fromPort, toHost, toPort, flags, seq, ack, 0));
        return this;
    }

    public Scenario Build(string name = "test") => new()
    {
        Name = name,
        Seed = _seed,
        Profile = _profile,
        Until = _until,
        Hosts = _hosts,
        Links = _links,
        Faults = _faults,
        Endpoints = _endpoints,
        Injections = _injections,
    };

    public Trace Run(string name = "test") => ScenarioRunner.Run(Build(name)).Trace!;
}

internal static class Step
{
    public static AppStep At(double ms, AppAction action) =>
        new(new AtTrigger(new SimTime((long)(ms * 1e6))), SimDuration.Zero, action);

    public static AppStep On(AppEventKind kind, AppAction action, double afterMs = 0, long bytes = 0) =>
        new(new OnTrigger(kind, bytes), SimDuration.FromNanoseconds((long)(afterMs * 1e6)), action);

    public static AppAction Connect(string to = "server:5000") => new(AppActionKind.Connect, to);
    public static AppAction Send(long bytes) => new(AppActionKind.Send, Bytes: bytes);
    public static AppAction Close() => new(AppActionKind.Close);
    public static AppAction Shutdown() => new(AppActionKind.Shutdown);
    public static AppAction Abort() => new(AppActionKind.Abort);
}

/// <summary>Reads a trace the way tests assert on it.</summary>
internal static class TraceView
{
    /// <summary>Wire lines without times: <c>client>server [S] 0 0 0</c>.</summary>
    public static string[] Wire(this Trace t) =>
        SegmentsText.FromTrace(t).Select(w => w.ToLine()[(w.ToLine().IndexOf(' ', StringComparison.Ordinal) + 1)..]).ToArray();

    /// <summary>Wire lines with times: <c>1000.000 client>server [S] 0 0 0</c>.</summary>
    public static string[] TimedWire(this Trace t) => SegmentsText.FromTrace(t).Select(w => w.ToLine()).ToArray();

    public static TcpState[] States(this Trace t, string endpoint) =>
        t.OfType<StateChanged>().Where(c => c.Endpoint == endpoint).Select(c => c.To).ToArray();

    public static AppResult? Connect(this Trace t, string endpoint) =>
        t.OfType<AppResult>().FirstOrDefault(a => a.Endpoint == endpoint && a.Event == "connect");

    public static string Dump(this Trace t) => string.Join('\n', t.Events.Select(e => e switch
    {
        SegmentSent s => $"{s.Time.ToMillisecondsString(),12} SEG {s.FromHost}>{s.ToHost} {s.Segment.Flags.ToTcpdump()} seq={s.Segment.Seq} ack={s.Segment.Ack} len={s.Segment.Length} {s.Fate} {s.Cause}",
        StateChanged c => $"{c.Time.ToMillisecondsString(),12} STATE {c.Endpoint} {c.From.ToRfcName()} -> {c.To.ToRfcName()} ({c.Cause})",
        AppResult a => $"{a.Time.ToMillisecondsString(),12} APP {a.Endpoint} {a.Event} {a.Result} {a.Detail}",
        AppCall a => $"{a.Time.ToMillisecondsString(),12} CALL {a.Endpoint} {a.Call} {a.Detail}",
        _ => null,
    }).Where(x => x is not null));
}
