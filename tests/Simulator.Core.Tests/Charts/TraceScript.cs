using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Charts;

/// <summary>Writes small traces by hand: events in any order, added to the trace in time order.</summary>
internal sealed class TraceScript
{
    public const uint ClientIsn = 1_000_000;
    public const uint ServerIsn = 7_000_000;
    public static readonly HostInfo Client = new("client", new Ipv4Address(0x0A000001));
    public static readonly HostInfo Server = new("server", new Ipv4Address(0x0A000002));
    public static readonly TransportAddress ClientPort = new(Client.Address, 40000);
    public static readonly TransportAddress ServerPort = new(Server.Address, 5000);

    private readonly List<(long Time, int Order, TraceEvent Event)> _events = [];
    private readonly string _name;
    private readonly string? _description;
    private long _nextId = 1;

    public TraceScript(string name, string? description = null)
    {
        _name = name;
        _description = description;
    }

    public static SimTime Ms(double ms) => new((long)Math.Round(ms * 1_000_000));

    public void Add(TraceEvent e) => _events.Add((e.Time.Nanoseconds, _events.Count, e));

    public void Created(double ms, string endpoint, string host, ushort port, string? listener = null) =>
        Add(new EndpointCreated(Ms(ms), endpoint, host, port, listener));

    public void State(double ms, string endpoint, TcpState from, TcpState to, string cause) =>
        Add(new StateChanged(Ms(ms), endpoint, from, to, cause));

    public void TimerFired(double ms, string endpoint, TimerKind timer) => Add(new TimerFired(Ms(ms), endpoint, timer));

    public void TimerSet(double ms, string endpoint, TimerKind timer, double deadlineMs) =>
        Add(new TimerSet(Ms(ms), endpoint, timer, Ms(deadlineMs)));

    /// <summary>A segment from client to server (seq/ack as offsets from the ISNs) arriving after <paramref name="latencyMs"/>.</summary>
    public long C2S(double ms, TcpFlags flags, uint seq, uint ack, int len = 0, SegmentFate fate = SegmentFate.Delivered,
        bool retx = false, double latencyMs = 0.05, string? sender = "client", string? receiver = "server#1") =>
        Send(ms, Client.Name, Server.Name, ClientPort, ServerPort, flags, ClientIsn + seq, ServerIsn + ack, len, fate, retx, latencyMs, sender, receiver);

    public long S2C(double ms, TcpFlags flags, uint seq, uint ack, int len = 0, SegmentFate fate = SegmentFate.Delivered,
        bool retx = false, double latencyMs = 0.05, string? sender = "server#1", string? receiver = "client") =>
        Send(ms, Server.Name, Client.Name, ServerPort, ClientPort, flags, ServerIsn + seq, ClientIsn + ack, len, fate, retx, latencyMs, sender, receiver);

    private long Send(double ms, string from, string to, TransportAddress src, TransportAddress dst, TcpFlags flags, uint seq, uint ack,
        int len, SegmentFate fate, bool retx, double latencyMs, string? sender, string? receiver)
    {
        long id = _nextId++;
        var segment = new Segment(src, dst, new SeqNum(seq), new SeqNum(flags.Has(TcpFlags.Ack) ? ack : 0), flags, len, 65535, TcpOptions.None);
        SimTime? arrives = fate == SegmentFate.Lost ? null : Ms(ms + latencyMs);
        Add(new SegmentSent(Ms(ms), id, from, to, segment, fate, sender, retx, arrives, null));
        if (arrives is { } at)
            Add(new SegmentDelivered(at, id, to, receiver));
        return id;
    }

    public Trace Build(double endMs, string reason = "no events left")
    {
        var trace = new Trace(_name, _description, 42, "linux", [Client, Server]);
        foreach (var (_, _, e) in _events.OrderBy(e => e.Time).ThenBy(e => e.Order))
            trace.Add(e);
        trace.Add(new RunEnded(Ms(endMs), reason, _events.Count));
        return trace;
    }
}

/// <summary>The four stories the chart tests draw.</summary>
internal static class TestTraces
{
    private const TcpFlags Syn = TcpFlags.Syn;
    private const TcpFlags SynAck = TcpFlags.Syn | TcpFlags.Ack;
    private const TcpFlags Ack = TcpFlags.Ack;
    private const TcpFlags PshAck = TcpFlags.Psh | TcpFlags.Ack;
    private const TcpFlags FinAck = TcpFlags.Fin | TcpFlags.Ack;

    private static void Listener(TraceScript s)
    {
        s.Created(0, "server", "server", 5000);
        s.State(0, "server", TcpState.Closed, TcpState.Listen, "listen");
        s.Created(0, "client", "client", 40000);
        s.State(0, "client", TcpState.Closed, TcpState.SynSent, "connect");
    }

    /// <summary>(a) Handshake, 100 bytes each way, three-segment close, 60 s of TIME-WAIT.</summary>
    public static Trace Normal()
    {
        var s = new TraceScript("normal", "Connect, send 100 B each way, close from the client; the server's ACK of the FIN rides on its FIN.");
        Listener(s);
        s.C2S(0, Syn, 0, 0, receiver: "server");
        s.Created(0.05, "server#1", "server", 5000, "server");
        s.State(0.05, "server#1", TcpState.Listen, TcpState.SynReceived, "SYN received");
        s.S2C(0.05, SynAck, 0, 1);
        s.State(0.1, "client", TcpState.SynSent, TcpState.Established, "SYN,ACK received");
        s.C2S(0.1, Ack, 1, 1);
        s.C2S(0.1, PshAck, 1, 1, 100);
        s.State(0.15, "server#1", TcpState.SynReceived, TcpState.Established, "ACK of SYN received");
        s.S2C(0.15, Ack, 1, 101);
        s.S2C(2.0, PshAck, 1, 101, 100);
        s.C2S(2.05, Ack, 101, 101);
        s.State(2.1, "client", TcpState.Established, TcpState.FinWait1, "close");
        s.C2S(2.1, FinAck, 101, 101);
        s.State(2.15, "server#1", TcpState.Established, TcpState.CloseWait, "FIN received");
        s.State(2.15, "server#1", TcpState.CloseWait, TcpState.LastAck, "close");
        s.S2C(2.15, FinAck, 101, 102);
        s.State(2.2, "client", TcpState.FinWait1, TcpState.TimeWait, "FIN,ACK received");
        s.TimerSet(2.2, "client", TimerKind.TimeWait, 60_002.2);
        s.C2S(2.2, Ack, 102, 102);
        s.State(2.25, "server#1", TcpState.LastAck, TcpState.Closed, "ACK of FIN received");
        s.TimerFired(60_002.2, "client", TimerKind.TimeWait);
        s.State(60_002.2, "client", TcpState.TimeWait, TcpState.Closed, "TIME-WAIT timer");
        return s.Build(60_002.2);
    }

    /// <summary>(b) The first SYN-ACK is lost; at 1 s both retransmission timers fire: two SYN-ACKs, two ACKs.</summary>
    public static Trace LostSynAck()
    {
        var s = new TraceScript("lost-synack", "The server's first SYN-ACK is dropped.");
        Listener(s);
        s.C2S(0, Syn, 0, 0, receiver: "server");
        s.Created(0.05, "server#1", "server", 5000, "server");
        s.State(0.05, "server#1", TcpState.Listen, TcpState.SynReceived, "SYN received");
        s.S2C(0.05, SynAck, 0, 1, fate: SegmentFate.Lost);
        s.TimerFired(1000, "client", TimerKind.Retransmit);
        s.C2S(1000, Syn, 0, 0, retx: true);
        s.S2C(1000.05, SynAck, 0, 1, retx: true);
        s.TimerFired(1000.06, "server#1", TimerKind.Retransmit);
        s.S2C(1000.06, SynAck, 0, 1, retx: true);
        s.State(1000.1, "client", TcpState.SynSent, TcpState.Established, "SYN,ACK received");
        s.C2S(1000.1, Ack, 1, 1);
        s.C2S(1000.11, Ack, 1, 1);
        s.State(1000.15, "server#1", TcpState.SynReceived, TcpState.Established, "ACK of SYN received");
        return s.Build(1001);
    }

    /// <summary>(c) Both close at once: the FINs cross, both pass CLOSING, both wait 60 s in TIME-WAIT.</summary>
    public static Trace SimultaneousClose()
    {
        var s = new TraceScript("simultaneous-close", "Both sides close at the same moment; the FINs cross in flight.");
        Listener(s);
        s.C2S(0, Syn, 0, 0, receiver: "server");
        s.Created(0.05, "server#1", "server", 5000, "server");
        s.State(0.05, "server#1", TcpState.Listen, TcpState.SynReceived, "SYN received");
        s.S2C(0.05, SynAck, 0, 1);
        s.State(0.1, "client", TcpState.SynSent, TcpState.Established, "SYN,ACK received");
        s.C2S(0.1, Ack, 1, 1);
        s.State(0.15, "server#1", TcpState.SynReceived, TcpState.Established, "ACK of SYN received");
        s.State(1000, "client", TcpState.Established, TcpState.FinWait1, "close");
        s.C2S(1000, FinAck, 1, 1);
        s.State(1000.01, "server#1", TcpState.Established, TcpState.FinWait1, "close");
        s.S2C(1000.01, FinAck, 1, 1);
        s.State(1000.05, "server#1", TcpState.FinWait1, TcpState.Closing, "FIN received");
        s.S2C(1000.05, Ack, 2, 2);
        s.State(1000.06, "client", TcpState.FinWait1, TcpState.Closing, "FIN received");
        s.C2S(1000.06, Ack, 2, 2);
        s.State(1000.1, "client", TcpState.Closing, TcpState.TimeWait, "ACK of FIN received");
        s.State(1000.11, "server#1", TcpState.Closing, TcpState.TimeWait, "ACK of FIN received");
        s.TimerFired(61_000.1, "client", TimerKind.TimeWait);
        s.State(61_000.1, "client", TcpState.TimeWait, TcpState.Closed, "TIME-WAIT timer");
        s.TimerFired(61_000.11, "server#1", TimerKind.TimeWait);
        s.State(61_000.11, "server#1", TcpState.TimeWait, TcpState.Closed, "TIME-WAIT timer");
        return s.Build(61_000.11);
    }

    public static readonly double[] SynRetransmitSeconds = [1, 2, 3, 4, 5, 7, 11, 19, 35, 67];

    /// <summary>(d) Every SYN is lost: 10 retransmissions, then the connect times out at 131 s.</summary>
    public static Trace SynTimeout()
    {
        var s = new TraceScript("syn-timeout", "Every SYN is dropped; the client gives up.");
        Listener(s);
        s.C2S(0, Syn, 0, 0, fate: SegmentFate.Lost);
        foreach (double sec in SynRetransmitSeconds)
        {
            s.TimerFired(sec * 1000, "client", TimerKind.Retransmit);
            s.C2S(sec * 1000, Syn, 0, 0, fate: SegmentFate.Lost, retx: true);
        }
        s.TimerFired(131_000, "client", TimerKind.Retransmit);
        s.State(131_000, "client", TcpState.SynSent, TcpState.Closed, "SYN retransmissions exhausted (ETIMEDOUT)");
        return s.Build(131_000);
    }
}
