using Simulator.Core.Tcp;
using Simulator.Core.Tracing;
using Simulator.Core.Time;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

public sealed partial class EndpointTests
{
    [Fact]
    public void SynReceived_Ack_EntersEstablishedAndIsAccepted()
    {
        var (h, child) = SynReceived();
        child.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 1, Iss + 1));
        Assert.Equal(TcpState.Established, child.State);
        Assert.Contains(("server#1", Simulator.Core.Scenarios.AppEventKind.Accepted), h.Events);
        h.AssertSilent();
    }

    [Fact]
    public void SynReceived_DataWithAck_CompletesHandshakeAndDeliversData()
    {
        // Linux reference lost-final-ack-data: the data segment's ACK completes the handshake.
        var (h, child) = SynReceived();
        child.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 1, Iss + 1, length: 100));
        Assert.Equal(TcpState.Established, child.State);
        Assert.Equal(100, child.BytesReceived);
        var ack = h.TakeOne();
        Assert.Equal(PeerIss + 101, ack.Ack.Value);
    }

    [Fact]
    public void SynReceived_UnacceptableAck_SendsResetWithSeqOfSegAckAndStays()
    {
        var (h, child) = SynReceived();
        child.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 1, 77777));
        var rst = h.TakeOne();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(77777u, rst.Seq.Value);
        Assert.Equal(TcpState.SynReceived, child.State);
    }

    [Fact]
    public void SynReceived_Rst_DropsHalfOpenConnectionWithoutTellingTheApplication()
    {
        // RFC 9293 Fig 8/11: from a passive open, back to LISTEN; nothing is handed to the application.
        var (h, child) = SynReceived();
        child.OnSegment(FromPeer(TcpFlags.Rst, PeerIss + 1));
        Assert.Equal(TcpState.Closed, child.State);
        Assert.DoesNotContain(h.Events, e => e.Event is Simulator.Core.Scenarios.AppEventKind.Accepted or Simulator.Core.Scenarios.AppEventKind.Established);
        Assert.Null(child.Error);
    }

    [Fact]
    public void SynReceived_RetransmittedSyn_AnswersSynAckAtOnce()
    {
        var (h, child) = SynReceived();
        h.Advance(SimDuration.FromMilliseconds(500));
        child.OnSegment(FromPeer(TcpFlags.Syn, PeerIss, options: SynOptions(600)));
        var synAck = h.TakeOne();
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(Iss, synAck.Seq.Value);
        Assert.Equal(100u, synAck.Options.TsEcr);   // still the first SYN's TSval, as Linux's request socket
    }

    [Fact]
    public void SynReceived_Timeouts_ResendSynAckDoublingThenDropAfterSynackRetries()
    {
        var (h, child) = SynReceived();
        var times = new List<double>();
        while (child.State == TcpState.SynReceived)
        {
            h.AdvanceTo(child.TimerDeadline(TimerKind.Retransmit)!.Value);
            foreach (var s in h.Take())
            {
                Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, s.Flags);
                times.Add(h.Now.TotalSeconds);
            }
        }
        Assert.Equal([1, 3, 7, 15, 31], times);
        Assert.Equal(63.0, h.Now.TotalSeconds);
        Assert.Equal(TcpState.Closed, child.State);
        h.AssertSilent();
    }

    [Fact]
    public void SynReceived_SynAckOfSimultaneousOpen_EstablishesAndAcksItsDuplicateSyn()
    {
        // simultaneous-open: each side's SYN,ACK reaches the other in SYN-RECEIVED; its SYN lies below RCV.NXT, a
        // duplicate that Linux ACKs at once (tcp_data_queue → tcp_enter_quickack_mode): 6 segments in all.
        var (h, ep) = SynSent();
        ep.OnSegment(FromPeer(TcpFlags.Syn, PeerIss, options: SynOptions(100)));
        h.Take();
        h.Advance(SimDuration.FromMilliseconds(1));
        ep.OnSegment(FromPeer(TcpFlags.Syn | TcpFlags.Ack, PeerIss, Iss + 1, options: SynOptions(101)));
        Assert.Equal(TcpState.Established, ep.State);
        var ack = h.TakeOne();
        Assert.Equal(TcpFlags.Ack, ack.Flags);
        Assert.Equal(Iss + 1, ack.Seq.Value);
        Assert.Equal(PeerIss + 1, ack.Ack.Value);
        // Quick-ACK mode: a FIN now is ACKed after ato (40 ms, set by tcp_enter_quickack_mode), not at once.
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 1));
        h.AssertSilent();
        h.Advance(SimDuration.FromMilliseconds(40));
        Assert.Equal(PeerIss + 2, h.TakeOne().Ack.Value);
    }

    [Fact]
    public void SynReceived_RstInSimultaneousOpen_FailsWithConnectionRefused()
    {
        var (h, ep) = SynSent();
        ep.OnSegment(FromPeer(TcpFlags.Syn, PeerIss));
        h.Take();
        ep.OnSegment(FromPeer(TcpFlags.Rst, PeerIss + 1));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal("ECONNREFUSED", ep.Error);
    }
}
