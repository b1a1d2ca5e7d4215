using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Support;

/// <summary>
/// Plays the world around one endpoint: records what it sends, keeps its timer wake-ups, and lets a test act as
/// the peer. Local is 10.0.0.2:5000, the peer 10.0.0.1:40000; our ISS is 1000, the peer's 5000.
/// </summary>
internal sealed class EndpointHarness : IEndpointContext
{
    public static readonly TransportAddress LocalAddress = new(ScenarioBuilder.Ip("10.0.0.2"), 5000);
    public static readonly TransportAddress PeerAddress = new(ScenarioBuilder.Ip("10.0.0.1"), 40000);
    public const uint Iss = 1000;
    public const uint PeerIss = 5000;

    private readonly List<(TcpEndpoint Ep, TimerKind Kind, SimTime At, int Generation)> _wakes = [];

    public SimTime Now { get; set; }
    public Trace? Trace { get; } = new("harness", null, 1, "test", []);
    public List<Segment> Sent { get; } = [];
    public List<TcpEndpoint> Spawned { get; } = [];
    public List<(string Endpoint, AppEventKind Event)> Events { get; } = [];
    public Func<TcpEndpoint, Segment, bool> ListenerForTimeWait { get; set; } = (_, _) => false;

    public TcpEndpoint Create(TcpSettings? settings = null, string name = "ep") =>
        new(0, name, LocalAddress, settings ?? TcpProfiles.LinuxDefaults, this);

    /// <summary>When the harness's link is free again (tests of TCP Small Queues set it); never earlier than now.</summary>
    public SimTime LinkFreeAt { get; set; }

    public SimTime TransmitterFreeAt(TcpEndpoint from) => LinkFreeAt > Now ? LinkFreeAt : Now;

    public SimTime Transmit(TcpEndpoint from, in Segment segment, bool retransmission)
    {
        Sent.Add(segment);
        return Now;
    }
    public void WakeAt(TcpEndpoint ep, TimerKind kind, SimTime at, int generation) => _wakes.Add((ep, kind, at, generation));

    public TcpEndpoint Spawn(TcpEndpoint listener, in Segment syn)
    {
        var child = new TcpEndpoint(Spawned.Count + 1, listener.NextChildName(), listener.Local, listener.Settings, this, listener);
        Spawned.Add(child);
        return child;
    }

    public void SetRegistered(TcpEndpoint ep, bool registered) { }
    public bool HandToListener(TcpEndpoint timeWait, in Segment syn) => ListenerForTimeWait(timeWait, syn);
    public void Notify(TcpEndpoint ep, AppEventKind kind) => Events.Add((ep.Name, kind));
    public uint NextIsn(TcpEndpoint ep) => Iss;
    public ushort? ConnectPort(TcpEndpoint ep, TransportAddress remote, out SeqNum? iss)
    {
        iss = null;
        return ep.Local.Port;
    }

    /// <summary>Advances the clock to <paramref name="until"/>, delivering due timer wake-ups in time order.</summary>
    public void Advance(SimDuration by) => AdvanceTo(Now + by);

    public void AdvanceTo(SimTime until)
    {
        while (true)
        {
            int next = -1;
            for (int i = 0; i < _wakes.Count; i++)
                if (_wakes[i].At <= until && (next < 0 || _wakes[i].At < _wakes[next].At)) next = i;
            if (next < 0) break;
            var w = _wakes[next];
            _wakes.RemoveAt(next);
            Now = w.At;
            w.Ep.OnWake(w.Kind, w.Generation);
        }
        Now = until;
    }

    /// <summary>What was sent since the last call.</summary>
    public List<Segment> Take()
    {
        var list = Sent.ToList();
        Sent.Clear();
        return list;
    }

    public Segment TakeOne()
    {
        var list = Take();
        Assert.True(list.Count == 1, $"expected one segment, got {list.Count}: {string.Join("; ", list)}");
        return list[0];
    }

    public void AssertSilent() => Assert.True(Sent.Count == 0, $"expected nothing sent, got: {string.Join("; ", Sent)}");

    /// <summary>A segment from the peer; seq and ack are absolute.</summary>
    public static Segment FromPeer(TcpFlags flags, uint seq, uint ack = 0, int length = 0, TcpOptions? options = null) =>
        new(PeerAddress, LocalAddress, new SeqNum(seq), new SeqNum(ack), flags, length, 65535, options ?? TcpOptions.None);

    public static TcpOptions Timestamp(uint val, uint ecr) => new(0, -1, false, true, val, ecr);
    public static TcpOptions SynOptions(uint tsVal) => new(1460, 7, true, true, tsVal, 0);
}
