using Simulator.Core.Chaos;
using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Chaos;

/// <summary>Each invariant holds on real runs and catches its violation in a hand-made trace.</summary>
public sealed class InvariantTests
{
    private const TcpFlags Syn = TcpFlags.Syn;
    private const TcpFlags SynAck = TcpFlags.Syn | TcpFlags.Ack;
    private const TcpFlags Ack = TcpFlags.Ack;
    private const TcpFlags Fin = TcpFlags.Fin | TcpFlags.Ack;

    [Fact]
    public void AllInvariants_HoldOnATransferAndClose()
    {
        Scenario scenario = ScenarioBuilder.ClientServer()
            .Server(Step.On(AppEventKind.Received, Step.Send(3000), bytes: 100), Step.On(AppEventKind.Eof, Step.Close()))
            .Client(Step.At(0, Step.Connect()), Step.On(AppEventKind.Established, Step.Send(100)), Step.On(AppEventKind.Received, Step.Close(), bytes: 3000))
            .Build();
        Trace trace = ScenarioRunner.Run(scenario).Trace!;
        Assert.Null(Invariants.FirstViolation(Invariants.All(1_000_000), trace));
        Assert.Contains(trace.OfType<AppResult>(), r => r.Endpoint == "client" && r.Event == "eof");
    }

    [Fact]
    public void Ends_EventLimitReached_IsViolation()
    {
        var script = new Script();
        script.Add(new RunEnded(Script.Ms(5), "event limit of 10 events reached", 10));
        Assert.Equal("ends", new RunEndsInLimits(10).Check(script.Build())?.Check);
        Assert.Null(new RunEndsInLimits(11).Check(script.Build()));
    }

    [Fact]
    public void Transitions_EstablishedToTimeWait_IsViolation()
    {
        var script = new Script();
        script.Add(new StateChanged(Script.Ms(0), "client", TcpState.Closed, TcpState.SynSent, "connect()"));
        script.Add(new StateChanged(Script.Ms(1), "client", TcpState.SynSent, TcpState.Established, "SYN-ACK"));
        script.Add(new StateChanged(Script.Ms(2), "client", TcpState.Established, TcpState.TimeWait, "bug"));
        Violation? v = new LegalTransitions().Check(script.Build());
        Assert.Equal("transitions", v?.Check);
        Assert.Contains("ESTABLISHED → TIME-WAIT", v!.Message);
    }

    [Fact]
    public void Transitions_ChangeFromAnotherStateThanTheCurrent_IsViolation()
    {
        var script = new Script();
        script.Add(new StateChanged(Script.Ms(0), "client", TcpState.Closed, TcpState.SynSent, "connect()"));
        script.Add(new StateChanged(Script.Ms(1), "client", TcpState.Established, TcpState.FinWait1, "close()"));
        Assert.Contains("while in SYN-SENT", new LegalTransitions().Check(script.Build())?.Message);
    }

    [Fact]
    public void Transitions_AcceptedConnectionStartsFromListen()
    {
        var script = new Script();
        script.Add(new EndpointCreated(Script.Ms(0), "server#1", "server", 5000, "server"));
        script.Add(new StateChanged(Script.Ms(0), "server#1", TcpState.Listen, TcpState.SynReceived, "SYN"));
        Assert.Null(new LegalTransitions().Check(script.Build()));
    }

    [Fact]
    public void Timers_FiredInClosed_IsViolation()
    {
        Script script = Script.ConnectThenClose();
        script.Add(new TimerFired(Script.Ms(1000), "client", TimerKind.Retransmit));
        Violation? v = new NoTimerWhenClosed().Check(script.Build());
        Assert.Equal("timers", v?.Check);
        Assert.Contains("Retransmit timer fired in CLOSED", v!.Message);
    }

    [Fact]
    public void Timers_ArmedInClosed_IsViolation()
    {
        Script script = Script.ConnectThenClose();
        script.Add(new TimerSet(Script.Ms(1), "client", TimerKind.Retransmit, Script.Ms(1001)));
        Assert.Contains("armed in CLOSED", new NoTimerWhenClosed().Check(script.Build())?.Message);
    }

    [Fact]
    public void Delivery_SameTotalTwice_IsViolation()
    {
        var script = Script.Handshake();
        script.Write(2, "client", 200);
        script.Data(3, "client", "server#1", 100, total: 100);
        script.Data(4, "client", "server#1", 100, total: 100);
        Violation? v = new InOrderDelivery().Check(script.Build());
        Assert.Equal("delivery", v?.Check);
        Assert.Contains("from 100 to 100", v!.Message);
    }

    [Fact]
    public void Delivery_MoreThanThePeerWrote_IsViolation()
    {
        var script = Script.Handshake();
        script.Write(2, "client", 50);
        script.Data(3, "client", "server#1", 100, total: 100);
        Assert.Contains("100 bytes delivered, but client wrote only 50", new InOrderDelivery().Check(script.Build())?.Message);
    }

    [Fact]
    public void Delivery_FailedWrite_DoesNotCount()
    {
        var script = Script.Handshake();
        script.Write(2, "client", 100);
        script.Write(2, "client", 100);
        script.Add(new AppResult(Script.Ms(2), "client", "send", "EPIPE", null));
        script.Data(3, "client", "server#1", 200, total: 200);
        Assert.Contains("client wrote only 100", new InOrderDelivery().Check(script.Build())?.Message);
    }

    [Fact]
    public void Delivery_FromAnEarlierIncarnationOfTheFourTuple_IsViolation()
    {
        var script = Script.Handshake();
        script.Write(2, "client", 100);
        long old = script.Send(3, "client", "server", Ack | TcpFlags.Psh, 100, SegmentFate.Delayed, arrives: null);
        script.Add(new StateChanged(Script.Ms(4), "client", TcpState.Established, TcpState.Closed, "abort()"));
        script.Add(new StateChanged(Script.Ms(4), "server#1", TcpState.Established, TcpState.Closed, "RST"));
        // The client connects again; the server accepts a second connection.
        script.Handshake(10, "server#2");
        script.Write(11, "client", 100);
        script.Deliver(20, old, "server#2");
        script.Add(new AppResult(Script.Ms(20), "server#2", "received", "ok", "100"));
        Violation? v = new InOrderDelivery().Check(script.Build());
        Assert.Contains("delivered from client, another connection than its peer client (connection 2)", v?.Message);
    }

    [Fact]
    public void Complete_EofBeforeEveryByte_IsViolation()
    {
        var script = Script.Handshake();
        script.Write(2, "client", 300);
        script.Data(3, "client", "server#1", 100, total: 100);
        script.Send(4, "client", "server", Fin, 0, SegmentFate.Delivered, arrives: 4.1, receiver: "server#1");
        script.Add(new AppResult(Script.Ms(4.1), "server#1", "eof", "ok", null));
        Violation? v = new CompleteDelivery().Check(script.Build());
        Assert.Equal("complete", v?.Check);
        Assert.Contains("after 100 bytes, but client wrote 300", v!.Message);
        Assert.Null(new InOrderDelivery().Check(script.Build()));
    }

    [Fact]
    public void Complete_DuplicateCopyCountsAsItsOriginalsSender()
    {
        var script = Script.Handshake();
        script.Write(2, "client", 100);
        long original = script.Send(3, "client", "server", Ack, 100, SegmentFate.Lost, arrives: null);
        long copy = script.Send(3.5, null, "server", Ack, 100, SegmentFate.Duplicate, arrives: null, cause: $"copy of segment {original}");
        script.Deliver(3.6, copy, "server#1");
        script.Add(new AppResult(Script.Ms(3.6), "server#1", "received", "ok", "100"));
        script.Add(new AppResult(Script.Ms(4), "server#1", "eof", "ok", null));
        Assert.Null(Invariants.FirstViolation(Invariants.All(1_000_000), script.Build()));
    }

    [Fact]
    public void Deterministic_FirstDifference_FindsTheEvent()
    {
        var a = new Script();
        a.Add(new StateChanged(Script.Ms(0), "client", TcpState.Closed, TcpState.SynSent, "connect()"));
        var b = new Script();
        b.Add(new StateChanged(Script.Ms(0), "client", TcpState.Closed, TcpState.SynSent, "connect()"));
        Assert.Null(ChaosCheck.FirstDifference(a.Build(), b.Build()));
        b.Add(new TimerSet(Script.Ms(0), "client", TimerKind.Retransmit, Script.Ms(1000)));
        Assert.Equal(1, ChaosCheck.FirstDifference(a.Build(), b.Build()));
    }

    /// <summary>Hand-made traces of a client (10.0.0.1:40000) and a server (10.0.0.2:5000), events in time order.</summary>
    private sealed class Script
    {
        private static readonly HostInfo Client = new("client", ScenarioBuilder.Ip("10.0.0.1"));
        private static readonly HostInfo Server = new("server", ScenarioBuilder.Ip("10.0.0.2"));
        private readonly List<TraceEvent> _events = [];
        private long _nextId = 1;

        public static SimTime Ms(double ms) => new((long)Math.Round(ms * 1e6));

        public void Add(TraceEvent e) => _events.Add(e);

        /// <summary>A client (connection n) and an accepted connection, synchronized by a SYN and a SYN-ACK.</summary>
        public static Script Handshake()
        {
            var s = new Script();
            s.Handshake(0, "server#1");
            return s;
        }

        /// <summary>A client that connects at 0 and closes in SYN-SENT at 1 ms.</summary>
        public static Script ConnectThenClose()
        {
            var s = new Script();
            s.Add(new StateChanged(Ms(0), "client", TcpState.Closed, TcpState.SynSent, "connect()"));
            s.Add(new StateChanged(Ms(1), "client", TcpState.SynSent, TcpState.Closed, "close()"));
            return s;
        }

        public void Handshake(double ms, string child)
        {
            Add(new StateChanged(Ms(ms), "client", TcpState.Closed, TcpState.SynSent, "connect()"));
            long syn = Send(ms, "client", "server", Syn, 0, SegmentFate.Delivered, arrives: null);
            Deliver(ms + 0.1, syn, "server");
            Add(new EndpointCreated(Ms(ms + 0.1), child, "server", 5000, "server"));
            Add(new StateChanged(Ms(ms + 0.1), child, TcpState.Listen, TcpState.SynReceived, "SYN"));
            Send(ms + 0.1, child, "client", SynAck, 0, SegmentFate.Delivered, arrives: ms + 0.2, receiver: "client");
            Add(new StateChanged(Ms(ms + 0.2), "client", TcpState.SynSent, TcpState.Established, "SYN-ACK"));
            Send(ms + 0.2, "client", "server", Ack, 0, SegmentFate.Delivered, arrives: ms + 0.3, receiver: child);
            Add(new StateChanged(Ms(ms + 0.3), child, TcpState.SynReceived, TcpState.Established, "ACK"));
        }

        public void Write(double ms, string endpoint, long bytes) =>
            Add(new AppCall(Ms(ms), endpoint, "send", bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        /// <summary>A data segment delivered 0.1 ms later, and the receiver's new total.</summary>
        public void Data(double ms, string from, string to, int len, long total)
        {
            Send(ms, from, HostOf(to), Ack | TcpFlags.Psh, len, SegmentFate.Delivered, arrives: ms + 0.1, receiver: to);
            Add(new AppResult(Ms(ms + 0.1), to, "received", "ok", total.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        /// <summary>A segment from <paramref name="sender"/> (null: the network's copy) to the other host.</summary>
        public long Send(double ms, string? sender, string toHost, TcpFlags flags, int len, SegmentFate fate, double? arrives,
            string? receiver = null, string? cause = null)
        {
            long id = _nextId++;
            bool fromClient = toHost == "server";
            HostInfo src = fromClient ? Client : Server, dst = fromClient ? Server : Client;
            ushort srcPort = fromClient ? (ushort)40000 : (ushort)5000, dstPort = fromClient ? (ushort)5000 : (ushort)40000;
            var segment = new Segment(new TransportAddress(src.Address, srcPort), new TransportAddress(dst.Address, dstPort),
                new SeqNum(1), new SeqNum(1), flags, len, 65535, TcpOptions.None);
            Add(new SegmentSent(Ms(ms), id, src.Name, toHost, segment, fate, sender, false, arrives is double a ? Ms(a) : null, cause));
            if (arrives is double at && receiver is not null) Deliver(at, id, receiver);
            return id;
        }

        private static string HostOf(string endpoint) => endpoint.StartsWith("server", StringComparison.Ordinal) ? "server" : "client";

        public void Deliver(double ms, long id, string receiver) =>
            Add(new SegmentDelivered(Ms(ms), id, HostOf(receiver), receiver));

        public Trace Build()
        {
            var trace = new Trace("hand-made", null, 1, "linux", [Client, Server]);
            foreach (TraceEvent e in _events.OrderBy(e => e.Time)) trace.Add(e);
            if (_events.Count == 0 || _events[^1] is not RunEnded)
                trace.Add(new RunEnded(trace.Events.Count > 0 ? trace.Events[^1].Time : SimTime.Zero, "no event left", _events.Count));
            return trace;
        }
    }
}
