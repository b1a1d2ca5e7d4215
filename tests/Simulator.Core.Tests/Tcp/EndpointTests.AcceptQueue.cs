using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using static Simulator.Core.Tests.Support.EndpointHarness;

namespace Simulator.Core.Tests.Tcp;

/// <summary>listen() backlog and the accept queue (tcp_conn_request, sk_acceptq_is_full, tcp_check_req overflow).</summary>
public class EndpointAcceptQueueTests
{
    private static readonly TcpSettings ManualAccepts = TcpProfiles.LinuxDefaults with { ManualAccepts = true };

    private static Segment From(ushort peerPort, TcpFlags flags, uint seq, uint ack = 0) =>
        FromPeer(flags, seq, ack) with { Source = new TransportAddress(PeerAddress.Ip, peerPort) };

    /// <summary>A listener with backlog 0 (one connection may wait) and a completed connection from port 40001 waiting.</summary>
    private static (EndpointHarness H, TcpEndpoint Listener) OneWaiting()
    {
        var h = new EndpointHarness();
        var listener = h.Create(ManualAccepts, "server");
        listener.Listen(backlog: 0);
        listener.OnSegment(From(40001, TcpFlags.Syn, PeerIss));
        h.Spawned[0].OnSegment(From(40001, TcpFlags.Ack, PeerIss + 1, Iss + 1));
        h.Take();
        return (h, listener);
    }

    [Fact]
    public void CompletedConnection_WaitsInTheQueue_UntilAccept()
    {
        var (h, listener) = OneWaiting();
        Assert.Equal(TcpState.Established, h.Spawned[0].State);
        Assert.Equal(1, listener.AcceptQueueLength);
        Assert.DoesNotContain(h.Events, e => e.Event == AppEventKind.Accepted);
        listener.Accept();
        Assert.Equal(0, listener.AcceptQueueLength);
        Assert.Contains(("server#1", AppEventKind.Accepted), h.Events);
    }

    [Fact]
    public void AcceptQueueFull_NewSynIsDropped()
    {
        var (h, listener) = OneWaiting();
        listener.OnSegment(From(40002, TcpFlags.Syn, PeerIss));
        h.AssertSilent();
        Assert.Single(h.Spawned);
        Assert.Contains(h.Trace!.OfType<Simulator.Core.Tracing.AppResult>(), r => r.Event == "listen_overflow" && r.Result == "SYN dropped");
        listener.Accept();
        listener.OnSegment(From(40002, TcpFlags.Syn, PeerIss));            // the retransmitted SYN finds room
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, h.TakeOne().Flags);
    }

    [Fact]
    public void QueueFilledDuringTheHandshake_FinalAckDropped_SynAckResent_ThenAcceptedAfterAccept()
    {
        // accept-queue-full: backlog 1 (two may wait); the second connection's ACK comes after two others completed.
        var h = new EndpointHarness();
        var listener = h.Create(ManualAccepts, "server");
        listener.Listen(backlog: 1);
        listener.OnSegment(From(40001, TcpFlags.Syn, PeerIss));
        listener.OnSegment(From(40002, TcpFlags.Syn, PeerIss));            // both SYNs find the queues with room
        TcpEndpoint first = h.Spawned[0], second = h.Spawned[1];
        first.OnSegment(From(40001, TcpFlags.Ack, PeerIss + 1, Iss + 1));
        listener.OnSegment(From(40003, TcpFlags.Syn, PeerIss));
        h.Spawned[2].OnSegment(From(40003, TcpFlags.Ack, PeerIss + 1, Iss + 1));
        Assert.Equal(2, listener.AcceptQueueLength);
        h.Take();
        second.OnSegment(From(40002, TcpFlags.Ack, PeerIss + 1, Iss + 1));
        // tcp_abort_on_overflow = 0: the second ACK is dropped silently, the connection stays half-open.
        Assert.Equal(TcpState.SynReceived, second.State);
        h.AssertSilent();
        h.Advance(SimDuration.FromSeconds(1));
        Segment resent = h.TakeOne();
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, resent.Flags);           // the SYN-ACK timer keeps running
        listener.Accept();
        second.OnSegment(From(40002, TcpFlags.Ack, PeerIss + 1, Iss + 1));
        Assert.Equal(TcpState.Established, second.State);
        Assert.Equal(2, listener.AcceptQueueLength);
        Assert.Equal(TcpState.Established, first.State);
    }

    [Fact]
    public void AbortOnOverflow_FinalAckForAFullQueue_AnsweredWithRst_HalfOpenDropped()
    {
        // accept-queue-abort: backlog 1 (two may wait) and tcp_abort_on_overflow = 1; the second connection's ACK comes
        // after two others completed. tcp_check_req → embryonic_reset: RST with SEQ = SEG.ACK, no ACK flag.
        var h = new EndpointHarness();
        var listener = h.Create(ManualAccepts with { AbortOnOverflow = true }, "server");
        listener.Listen(backlog: 1);
        listener.OnSegment(From(40001, TcpFlags.Syn, PeerIss));
        listener.OnSegment(From(40002, TcpFlags.Syn, PeerIss));
        TcpEndpoint second = h.Spawned[1];
        h.Spawned[0].OnSegment(From(40001, TcpFlags.Ack, PeerIss + 1, Iss + 1));
        listener.OnSegment(From(40003, TcpFlags.Syn, PeerIss));
        h.Spawned[2].OnSegment(From(40003, TcpFlags.Ack, PeerIss + 1, Iss + 1));
        Assert.Equal(2, listener.AcceptQueueLength);
        h.Take();
        second.OnSegment(From(40002, TcpFlags.Ack, PeerIss + 1, Iss + 1));
        Segment rst = h.TakeOne();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(Iss + 1, rst.Seq.Value);
        Assert.Equal(40002, rst.Destination.Port);
        Assert.Equal(TcpState.Closed, second.State);
        h.Advance(SimDuration.FromSeconds(3));
        h.AssertSilent();                                                 // no SYN-ACK resent: the connection is gone
        Assert.Equal(2, listener.AcceptQueueLength);
    }

    [Fact]
    public void Accept_BeforeAnyConnection_WaitsForTheNextOne()
    {
        var h = new EndpointHarness();
        var listener = h.Create(ManualAccepts, "server");
        listener.Listen(backlog: 0);
        listener.Accept();
        listener.OnSegment(From(40001, TcpFlags.Syn, PeerIss));
        h.Spawned[0].OnSegment(From(40001, TcpFlags.Ack, PeerIss + 1, Iss + 1));
        Assert.Equal(0, listener.AcceptQueueLength);
        Assert.Contains(("server#1", AppEventKind.Accepted), h.Events);
    }

    [Fact]
    public void AutoAccepts_QueueNeverFills()
    {
        var h = new EndpointHarness();
        var listener = h.Create(null, "server");
        listener.Listen(backlog: 0);
        for (ushort p = 40001; p <= 40003; p++)
        {
            listener.OnSegment(From(p, TcpFlags.Syn, PeerIss));
            h.Spawned[^1].OnSegment(From(p, TcpFlags.Ack, PeerIss + 1, Iss + 1));
        }
        Assert.All(h.Spawned, c => Assert.Equal(TcpState.Established, c.State));
        Assert.Equal(0, listener.AcceptQueueLength);
    }
}
