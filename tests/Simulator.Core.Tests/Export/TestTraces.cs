using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Export;

/// <summary>Builds small traces by hand: events may be added out of order, <see cref="Build"/> sorts them by time (stable).</summary>
internal sealed class TraceBuilder
{
    public static readonly Ipv4Address ClientIp = Ip("10.0.0.1");
    public static readonly Ipv4Address ServerIp = Ip("10.0.0.2");
    public const double Delay = 0.015;

    private readonly List<TraceEvent> _events = [];
    private readonly string _name;
    private readonly Dictionary<string, Ipv4Address> _hosts = new() { ["client"] = ClientIp, ["server"] = ServerIp };
    private long _nextId = 1;

    public TraceBuilder(string name) => _name = name;

    public static Ipv4Address Ip(string text) => Ipv4Address.TryParse(text, out var a) ? a : throw new ArgumentException(text);

    public static SimTime Ms(double ms) => new((long)Math.Round(ms * 1e6));

    public static TcpOptions SynOptions(uint tsVal, uint tsEcr = 0) => new(1460, 7, true, true, tsVal, tsEcr);

    public static TcpOptions Ts(uint tsVal, uint tsEcr) => TcpOptions.None with { HasTimestamp = true, TsVal = tsVal, TsEcr = tsEcr };

    public TraceBuilder Add(TraceEvent e)
    {
        _events.Add(e);
        return this;
    }

    /// <summary>A segment from host:port to host:port; delivered <see cref="Delay"/> later unless lost.</summary>
    public long Send(double ms, string from, ushort fromPort, string to, ushort toPort, TcpFlags flags, uint seq, uint ack,
        int len = 0, SegmentFate fate = SegmentFate.Delivered, string? sender = null, bool retransmission = false,
        TcpOptions? options = null, uint window = 64256, string? receiver = null, double delay = Delay)
    {
        long id = _nextId++;
        var seg = new Segment(new TransportAddress(_hosts[from], fromPort), new TransportAddress(_hosts[to], toPort),
            new SeqNum(seq), new SeqNum(ack), flags, len, window, options ?? TcpOptions.None);
        SimTime? arrives = fate == SegmentFate.Lost ? null : Ms(ms + delay);
        _events.Add(new SegmentSent(Ms(ms), id, from, to, seg, fate, sender, retransmission, arrives, null));
        if (arrives is SimTime at) _events.Add(new SegmentDelivered(at, id, to, receiver));
        return id;
    }

    public TraceBuilder State(double ms, string endpoint, TcpState from, TcpState to, string cause = "")
    {
        _events.Add(new StateChanged(Ms(ms), endpoint, from, to, cause));
        return this;
    }

    public Trace Build()
    {
        var trace = new Trace(_name, "built by hand", 7, "linux",
            _hosts.Select(h => new HostInfo(h.Key, h.Value)).ToList());
        foreach (var e in _events.Select((e, i) => (e, i)).OrderBy(x => x.e.Time).ThenBy(x => x.i).Select(x => x.e)) trace.Add(e);
        return trace;
    }
}

/// <summary>The hand-built traces the export tests share.</summary>
internal static class TestTraces
{
    public const uint Ci = 1_000_000; // client ISN
    public const uint Si = 3_000_000_000; // server ISN
    public const ushort Cp = 40000;
    public const ushort Sp = 5000;

    /// <summary>Handshake, 100 bytes each way, a four-segment close; the client ends in TIME-WAIT then CLOSED.</summary>
    public static Trace Normal()
    {
        var b = new TraceBuilder("normal");
        b.Add(new EndpointCreated(TraceBuilder.Ms(0), "server", "server", Sp, null));
        b.Add(new AppCall(TraceBuilder.Ms(0), "server", "listen", null));
        b.State(0, "server", TcpState.Closed, TcpState.Listen, "listen");
        b.Add(new EndpointCreated(TraceBuilder.Ms(0), "client", "client", Cp, null));
        b.Add(new AppCall(TraceBuilder.Ms(0), "client", "connect", "server:5000"));
        b.State(0, "client", TcpState.Closed, TcpState.SynSent, "connect");
        b.Send(0, "client", Cp, "server", Sp, TcpFlags.Syn, Ci, 0, sender: "client", options: TraceBuilder.SynOptions(100), window: 64240, receiver: "server");
        b.Add(new TimerSet(TraceBuilder.Ms(0), "client", TimerKind.Retransmit, TraceBuilder.Ms(1000)));
        b.Add(new EndpointCreated(TraceBuilder.Ms(0.015), "server#1", "server", Sp, "server"));
        b.State(0.015, "server#1", TcpState.Listen, TcpState.SynReceived, "SYN");
        b.Send(0.015, "server", Sp, "client", Cp, TcpFlags.Syn | TcpFlags.Ack, Si, Ci + 1, sender: "server#1", options: TraceBuilder.SynOptions(900, 100), window: 65160, receiver: "client");
        b.State(0.030, "client", TcpState.SynSent, TcpState.Established, "SYN-ACK");
        b.Add(new AppResult(TraceBuilder.Ms(0.030), "client", "connect", "ok", null));
        b.Send(0.030, "client", Cp, "server", Sp, TcpFlags.Ack, Ci + 1, Si + 1, sender: "client", options: TraceBuilder.Ts(100, 900), receiver: "server#1");
        b.State(0.045, "server#1", TcpState.SynReceived, TcpState.Established, "ACK");
        b.Send(0.100, "client", Cp, "server", Sp, TcpFlags.Psh | TcpFlags.Ack, Ci + 1, Si + 1, len: 100, sender: "client", options: TraceBuilder.Ts(100, 900), receiver: "server#1");
        b.Send(0.115, "server", Sp, "client", Cp, TcpFlags.Ack, Si + 1, Ci + 101, sender: "server#1", options: TraceBuilder.Ts(900, 100), window: 65152, receiver: "client");
        b.Send(1.000, "server", Sp, "client", Cp, TcpFlags.Psh | TcpFlags.Ack, Si + 1, Ci + 101, len: 100, sender: "server#1", options: TraceBuilder.Ts(901, 100), window: 65152, receiver: "client");
        b.Send(1.015, "client", Cp, "server", Sp, TcpFlags.Ack, Ci + 101, Si + 101, sender: "client", options: TraceBuilder.Ts(101, 901), receiver: "server#1");
        b.State(2.000, "client", TcpState.Established, TcpState.FinWait1, "close");
        b.Send(2.000, "client", Cp, "server", Sp, TcpFlags.Fin | TcpFlags.Ack, Ci + 101, Si + 101, sender: "client", options: TraceBuilder.Ts(102, 901), receiver: "server#1");
        b.State(2.015, "server#1", TcpState.Established, TcpState.CloseWait, "FIN");
        b.Send(2.015, "server", Sp, "client", Cp, TcpFlags.Ack, Si + 101, Ci + 102, sender: "server#1", options: TraceBuilder.Ts(902, 102), window: 65152, receiver: "client");
        b.State(2.030, "client", TcpState.FinWait1, TcpState.FinWait2, "ACK of FIN");
        b.State(30.000, "server#1", TcpState.CloseWait, TcpState.LastAck, "close");
        b.Send(30.000, "server", Sp, "client", Cp, TcpFlags.Fin | TcpFlags.Ack, Si + 101, Ci + 102, sender: "server#1", options: TraceBuilder.Ts(930, 102), window: 65152, receiver: "client");
        b.State(30.015, "client", TcpState.FinWait2, TcpState.TimeWait, "FIN");
        b.Send(30.015, "client", Cp, "server", Sp, TcpFlags.Ack, Ci + 102, Si + 102, sender: "client", options: TraceBuilder.Ts(130, 930), receiver: "server#1");
        b.State(30.030, "server#1", TcpState.LastAck, TcpState.Closed, "ACK of FIN");
        b.Add(new TimerFired(TraceBuilder.Ms(60030.015), "client", TimerKind.TimeWait));
        b.State(60030.015, "client", TcpState.TimeWait, TcpState.Closed, "2MSL");
        b.Add(new RunEnded(TraceBuilder.Ms(60030.015), "no event left", 42));
        return b.Build();
    }

    /// <summary>The first SYN is lost; the retransmission 1 s later completes the handshake.</summary>
    public static Trace LostSyn()
    {
        var b = new TraceBuilder("lost-syn");
        b.State(0, "server", TcpState.Closed, TcpState.Listen, "listen");
        b.State(0, "client", TcpState.Closed, TcpState.SynSent, "connect");
        long lost = b.Send(0, "client", Cp, "server", Sp, TcpFlags.Syn, Ci, 0, fate: SegmentFate.Lost, sender: "client", options: TraceBuilder.SynOptions(100), window: 64240);
        b.Add(new FaultApplied(TraceBuilder.Ms(0), 1, "drop from client flags SYN nth 1", lost, "drop"));
        b.Add(new TimerFired(TraceBuilder.Ms(1000), "client", TimerKind.Retransmit));
        b.Send(1000, "client", Cp, "server", Sp, TcpFlags.Syn, Ci, 0, sender: "client", retransmission: true, options: TraceBuilder.SynOptions(1100), window: 64240, receiver: "server");
        b.State(1000.015, "server#1", TcpState.Listen, TcpState.SynReceived, "SYN");
        b.Send(1000.015, "server", Sp, "client", Cp, TcpFlags.Syn | TcpFlags.Ack, Si, Ci + 1, sender: "server#1", options: TraceBuilder.SynOptions(900, 1100), window: 65160, receiver: "client");
        b.State(1000.030, "client", TcpState.SynSent, TcpState.Established, "SYN-ACK");
        b.Send(1000.030, "client", Cp, "server", Sp, TcpFlags.Ack, Ci + 1, Si + 1, sender: "client", options: TraceBuilder.Ts(1100, 900), receiver: "server#1");
        b.State(1000.045, "server#1", TcpState.SynReceived, TcpState.Established, "ACK");
        return b.Build();
    }

    /// <summary>
    /// An injected SYN from a port with no socket: the listener answers SYN-ACK, the client's stack answers RST
    /// (no ACK flag, seq = ISN + 1), and the half-open connection is dropped.
    /// </summary>
    public static Trace InjectedRst()
    {
        var b = new TraceBuilder("stale-syn");
        b.State(0, "server", TcpState.Closed, TcpState.Listen, "listen");
        b.Send(0, "client", 40001, "server", Sp, TcpFlags.Syn, 4096, 0, fate: SegmentFate.Injected, options: TraceBuilder.SynOptions(1000), window: 64240, receiver: "server");
        b.State(0.015, "server#1", TcpState.Listen, TcpState.SynReceived, "SYN");
        b.Send(0.015, "server", Sp, "client", 40001, TcpFlags.Syn | TcpFlags.Ack, Si, 4097, sender: "server#1", options: TraceBuilder.SynOptions(900, 1000), window: 65160);
        b.Send(0.030, "client", 40001, "server", Sp, TcpFlags.Rst, 4097, 0, receiver: "server#1");
        b.State(0.045, "server#1", TcpState.SynReceived, TcpState.Closed, "RST");
        return b.Build();
    }

    /// <summary>
    /// The first of three 1448-byte segments lost: the server's duplicate ACKs SACK the other two (the first of them
    /// lost too), the hole is resent and ACKed; a spurious second copy of it is D-SACKed.
    /// </summary>
    public static Trace SackedHole()
    {
        var b = new TraceBuilder("sacked-hole");
        TcpOptions Sack(uint tsVal, uint tsEcr, params (uint Left, uint Right)[] blocks) => TraceBuilder.Ts(tsVal, tsEcr) with
        {
            Sack = new SackBlocks(blocks.Select(x => new SackBlock(new SeqNum(x.Left), new SeqNum(x.Right))).ToArray()),
        };
        b.Send(0, "client", Cp, "server", Sp, TcpFlags.Syn, Ci, 0, sender: "client", options: TraceBuilder.SynOptions(100), window: 64240, receiver: "server");
        b.Send(0.015, "server", Sp, "client", Cp, TcpFlags.Syn | TcpFlags.Ack, Si, Ci + 1, sender: "server#1", options: TraceBuilder.SynOptions(900, 100), window: 65160, receiver: "client");
        b.Send(0.030, "client", Cp, "server", Sp, TcpFlags.Ack, Ci + 1, Si + 1, sender: "client", options: TraceBuilder.Ts(100, 900), receiver: "server#1");
        b.Send(0.100, "client", Cp, "server", Sp, TcpFlags.Ack, Ci + 1, Si + 1, len: 1448, fate: SegmentFate.Lost, sender: "client", options: TraceBuilder.Ts(100, 900));
        b.Send(0.101, "client", Cp, "server", Sp, TcpFlags.Ack, Ci + 1449, Si + 1, len: 1448, sender: "client", options: TraceBuilder.Ts(100, 900), receiver: "server#1");
        b.Send(0.102, "client", Cp, "server", Sp, TcpFlags.Psh | TcpFlags.Ack, Ci + 2897, Si + 1, len: 1448, sender: "client", options: TraceBuilder.Ts(100, 900), receiver: "server#1");
        b.Send(0.116, "server", Sp, "client", Cp, TcpFlags.Ack, Si + 1, Ci + 1, fate: SegmentFate.Lost, sender: "server#1", options: Sack(900, 100, (Ci + 1449, Ci + 2897)));
        b.Send(0.117, "server", Sp, "client", Cp, TcpFlags.Ack, Si + 1, Ci + 1, sender: "server#1", options: Sack(900, 100, (Ci + 1449, Ci + 4345)), receiver: "client");
        b.Send(0.140, "client", Cp, "server", Sp, TcpFlags.Ack, Ci + 1, Si + 1, len: 1448, sender: "client", retransmission: true, options: TraceBuilder.Ts(101, 900), receiver: "server#1");
        b.Send(0.155, "server", Sp, "client", Cp, TcpFlags.Ack, Si + 1, Ci + 4345, sender: "server#1", options: TraceBuilder.Ts(901, 101), receiver: "client");
        b.Send(0.200, "client", Cp, "server", Sp, TcpFlags.Ack, Ci + 1, Si + 1, len: 1448, sender: "client", retransmission: true, options: TraceBuilder.Ts(102, 901), receiver: "server#1");
        b.Send(0.215, "server", Sp, "client", Cp, TcpFlags.Ack, Si + 1, Ci + 4345, sender: "server#1", options: Sack(902, 102, (Ci + 1, Ci + 1449)), receiver: "client");
        return b.Build();
    }
}
