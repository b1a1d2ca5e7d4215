using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using Simulator.Core.Tracing;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

/// <summary>
/// Loss recovery: SACK blocks the receiver sends (RFC 2018, RFC 2883), the sender's scoreboard, RACK (RFC 8985),
/// duplicate-ACK fast retransmit (RFC 5681, RFC 6675, RFC 6582) and TCP Small Queues.
/// </summary>
public sealed partial class EndpointTests
{
    private const int Mss = 1448;     // 1460 less the timestamp option

    private static SackBlock Block(uint left, uint right) => new(new SeqNum(left), new SeqNum(right));

    /// <summary>An ACK from the peer with timestamps (no echo: no RTT sample from them) and the given SACK blocks.</summary>
    private static Segment PeerAck(uint ack, params SackBlock[] blocks) =>
        FromPeer(TcpFlags.Ack, PeerIss + 1, ack, options: Timestamp(300, 0) with { Sack = new SackBlocks(blocks) });

    private static Segment PeerData(uint seq, int length, TcpFlags extra = TcpFlags.None) =>
        FromPeer(TcpFlags.Ack | extra, seq, Iss + 1, length, Timestamp(300, 0));

    // ---- The receiver's blocks --------------------------------------------------------------------------------

    [Fact]
    public void Receiver_OutOfOrderData_EachDuplicateAckSacksIt_MostRecentBlockFirst_UntilTheHoleIsFilled()
    {
        var (h, ep) = Established();
        ep.OnSegment(PeerData(PeerIss + 101, 100));
        Segment dup = h.TakeOne();
        Assert.Equal(PeerIss + 1, dup.Ack.Value);
        Assert.Equal(new SackBlocks(Block(PeerIss + 101, PeerIss + 201)), dup.Options.Sack);

        ep.OnSegment(PeerData(PeerIss + 301, 100));
        Assert.Equal(new SackBlocks(Block(PeerIss + 301, PeerIss + 401), Block(PeerIss + 101, PeerIss + 201)), h.TakeOne().Options.Sack);

        ep.OnSegment(PeerData(PeerIss + 201, 100));                      // joins both blocks, hole still open
        Assert.Equal(new SackBlocks(Block(PeerIss + 101, PeerIss + 401)), h.TakeOne().Options.Sack);

        ep.OnSegment(PeerData(PeerIss + 1, 100));                         // fills the hole
        Segment ack = h.TakeOne();
        Assert.Equal(PeerIss + 401, ack.Ack.Value);
        Assert.Equal(SackBlocks.None, ack.Options.Sack);
        Assert.Equal(400, ep.BytesReceived);
    }

    [Fact]
    public void Receiver_FinAheadOfLostData_IsSacked_AndTheAckOfTheRepairLeavesAtOnce()
    {
        // lost-data-with-fin: the FIN's dup ACK carries sack 101-102; the resent data fills the hole and, although the
        // FIN put the socket in interactive mode, the ACK goes at once (RFC 5681 4.2, ICSK_ACK_NOW).
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 101, Iss + 1, options: Timestamp(300, 0)));
        Assert.Equal(new SackBlocks(Block(PeerIss + 101, PeerIss + 102)), h.TakeOne().Options.Sack);
        Assert.Equal(TcpState.Established, ep.State);

        ep.OnSegment(PeerData(PeerIss + 1, 100, TcpFlags.Psh));
        Segment ack = h.TakeOne();
        Assert.Equal(PeerIss + 102, ack.Ack.Value);
        Assert.Equal(SackBlocks.None, ack.Options.Sack);
        Assert.Equal(TcpState.CloseWait, ep.State);
        Assert.Null(ep.TimerDeadline(TimerKind.DelayedAck));
    }

    [Fact]
    public void Receiver_DataAgain_IsReportedOnceAsDsack_InFrontOfTheSackBlocks()
    {
        var (h, ep) = Established();
        ep.OnSegment(PeerData(PeerIss + 1, 100));
        h.Take();
        ep.OnSegment(PeerData(PeerIss + 201, 100));
        h.Take();
        ep.OnSegment(PeerData(PeerIss + 1, 100));                         // old data again
        Assert.Equal(new SackBlocks(Block(PeerIss + 1, PeerIss + 101), Block(PeerIss + 201, PeerIss + 301)), h.TakeOne().Options.Sack);
        ep.OnSegment(PeerData(PeerIss + 301, 100));
        Assert.Equal(new SackBlocks(Block(PeerIss + 201, PeerIss + 401)), h.TakeOne().Options.Sack);
    }

    [Fact]
    public void Receiver_SegmentAlreadyHeldOutOfOrder_IsADsack()
    {
        var (h, ep) = Established();
        ep.OnSegment(PeerData(PeerIss + 101, 100));
        h.Take();
        ep.OnSegment(PeerData(PeerIss + 101, 100));
        Assert.Equal(new SackBlocks(Block(PeerIss + 101, PeerIss + 201), Block(PeerIss + 101, PeerIss + 201)), h.TakeOne().Options.Sack);
    }

    [Fact]
    public void Receiver_ThreeBlocksBesideTimestamps_FourWithout_NoneWithoutSackPermitted()
    {
        foreach (var (settings, expected) in new[] { (TcpProfiles.LinuxDefaults, 3), (TcpProfiles.LinuxDefaults with { Timestamps = false }, 4), (TcpProfiles.Rfc9293Defaults, 0) })
        {
            var (h, ep) = Established(settings);
            for (uint i = 1; i <= 5; i++) ep.OnSegment(PeerData(PeerIss + 1 + 200 * i, 100));
            Segment last = h.Take()[^1];
            Assert.Equal(expected, last.Options.Sack.Count);
            if (expected > 0) Assert.Equal(Block(PeerIss + 1001, PeerIss + 1101), last.Options.Sack[0]);
            Assert.Equal(20 + (expected == 0 ? 0 : ((settings.Timestamps ? 12 : 0) + 4 + 8 * expected)), last.HeaderLength);
        }
    }

    // ---- RACK on the sender -----------------------------------------------------------------------------------

    /// <summary>
    /// Two writes of 100 bytes 20 us apart; 30 us later the peer SACKs the second. The min RTT is 30 us (the
    /// handshake), so the reordering window is 7.5 us: the first write left more than a window before the second.
    /// </summary>
    private static (EndpointHarness H, TcpEndpoint Ep) SecondWriteSacked()
    {
        var (h, ep) = Established(NoDelay);
        ep.Send(100);
        h.Take();
        h.Advance(SimDuration.FromMicroseconds(20));
        ep.Send(100);
        h.Take();
        h.Advance(SimDuration.FromMicroseconds(30));
        ep.OnSegment(PeerAck(Iss + 1, Block(Iss + 101, Iss + 201)));
        return (h, ep);
    }

    /// <summary>Linux with TCP_NODELAY: short writes leave one by one, whatever is unacknowledged.</summary>
    private static readonly TcpSettings NoDelay = TcpProfiles.LinuxDefaults with { NoDelay = true };

    /// <summary><paramref name="count"/> writes of 100 bytes, 20 us apart, each sent at once (with <see cref="NoDelay"/>).</summary>
    private static void Writes(EndpointHarness h, TcpEndpoint ep, int count)
    {
        for (int i = 0; i < count; i++)
        {
            ep.Send(100);
            h.Take();
            h.Advance(SimDuration.FromMicroseconds(20));
        }
    }

    [Fact]
    public void Rack_LaterSegmentSacked_EarlierOneSentMoreThanAReorderingWindowBefore_IsResentAtOnce()
    {
        var (h, ep) = SecondWriteSacked();
        Segment resent = h.TakeOne();
        Assert.Equal(Iss + 1, resent.Seq.Value);
        Assert.Equal(100, resent.Length);
        Assert.Equal(h.Now + ep.CurrentRto, ep.TimerDeadline(TimerKind.Retransmit));
        Assert.Null(ep.TimerDeadline(TimerKind.LossProbe));
        Assert.Null(ep.TimerDeadline(TimerKind.Reorder));
    }

    [Fact]
    public void Rack_SegmentsSentTogether_WaitForTheReorderingWindow_ThenTheReorderTimerResends()
    {
        var (h, ep) = Established();
        ep.Send(3 * Mss);
        Assert.Equal(3, h.Take().Count);
        h.Advance(SimDuration.FromMicroseconds(30));
        ep.OnSegment(PeerAck(Iss + 1, Block(Iss + 1 + Mss, Iss + 1 + 2 * Mss)));
        h.AssertSilent();
        // The window (7.5 us) plus TCP_TIMEOUT_MIN_US (2 ms), in whole 4 ms ticks; it replaces probe and RTO.
        Assert.Equal(h.Now + SimDuration.FromMilliseconds(4), ep.TimerDeadline(TimerKind.Reorder));
        Assert.Null(ep.TimerDeadline(TimerKind.LossProbe));
        Assert.Null(ep.TimerDeadline(TimerKind.Retransmit));

        h.AdvanceTo(ep.TimerDeadline(TimerKind.Reorder)!.Value);
        Segment resent = h.TakeOne();                                     // only the first: the third is not yet overdue
        Assert.Equal(Iss + 1, resent.Seq.Value);
        Assert.NotNull(ep.TimerDeadline(TimerKind.Retransmit));
    }

    [Fact]
    public void Rack_ThreeSegmentsSacked_NoReorderingWindow_DuplicateThreshold()
    {
        var (h, ep) = Established();
        ep.Send(4 * Mss);
        h.Take();
        h.Advance(SimDuration.FromMicroseconds(30));
        ep.OnSegment(PeerAck(Iss + 1, Block(Iss + 1 + Mss, Iss + 1 + 4 * Mss)));
        Assert.Equal(Iss + 1, h.TakeOne().Seq.Value);
    }

    [Fact]
    public void Rack_LostRetransmission_NothingLaterToRevealIt_TheRtoResendsWithoutAProbe()
    {
        // lost-retransmission: after the fast retransmission nothing is sent that a SACK could show arriving first,
        // and Recovery arms no probe: the RTO, restarted by the retransmission, resends it.
        var (h, ep) = SecondWriteSacked();
        h.TakeOne();
        Assert.Equal([204.0], ResendTimes(h, ep, 1));
        ep.OnSegment(PeerAck(Iss + 201));
        Assert.Equal(Iss + 201, ep.SndUna.Value);
        Assert.Null(ep.TimerDeadline(TimerKind.Retransmit));
    }

    [Fact]
    public void Recovery_PartialAck_ResendsWhatLeftBeforeTheDeliveredResend_AndNoProbeUntilRecoveryEnds()
    {
        // RFC 8985 7.2 / tcp_schedule_loss_probe: probes only in the Open state.
        var (h, ep) = Established(NoDelay);
        Writes(h, ep, 3);
        ep.OnSegment(PeerAck(Iss + 1, Block(Iss + 101, Iss + 201)));
        Assert.Equal(Iss + 1, h.TakeOne().Seq.Value);                     // Recovery: the first write resent
        h.Advance(SimDuration.FromMicroseconds(30));
        // A partial ACK: the resend arrived but not the third write, sent before it: RACK (no reordering window in
        // Recovery) resends it too.
        ep.OnSegment(PeerAck(Iss + 201));
        Assert.Equal(Iss + 201, h.TakeOne().Seq.Value);
        Assert.Null(ep.TimerDeadline(TimerKind.LossProbe));
        Assert.Equal(h.Now + ep.CurrentRto, ep.TimerDeadline(TimerKind.Retransmit));
        ep.OnSegment(PeerAck(Iss + 301));                                 // recovery over: Open
        ep.Send(100);
        h.Take();
        Assert.NotNull(ep.TimerDeadline(TimerKind.LossProbe));
    }

    [Fact]
    public void Prr_TwoNeighbouringLosses_TheFirstSackLetsOneResendGo_TheNextDeliveryTheOther()
    {
        // lost-first-2-of-4: RACK proves both lost at the first SACK, but proportional rate reduction lets one
        // segment leave per segment delivered (tcp_cwnd_reduction), so the second waits for the next SACK.
        var (h, ep) = Established(NoDelay);
        Writes(h, ep, 4);
        h.Advance(SimDuration.FromMicroseconds(10));
        ep.OnSegment(PeerAck(Iss + 1, Block(Iss + 201, Iss + 301)));
        Assert.Equal([Iss + 1], h.Take().Select(s => s.Seq.Value));
        ep.OnSegment(PeerAck(Iss + 1, Block(Iss + 201, Iss + 401)));
        Assert.Equal([Iss + 101], h.Take().Select(s => s.Seq.Value));
    }

    [Fact]
    public void Prr_Off_TheRfc9293Profile_ResendsEveryLostSegmentAtOnce()
    {
        var settings = NoDelay with { ProportionalRateReduction = false };
        var (h, ep) = Established(settings);
        Writes(h, ep, 4);
        h.Advance(SimDuration.FromMicroseconds(10));
        ep.OnSegment(PeerAck(Iss + 1, Block(Iss + 201, Iss + 301)));
        Assert.Equal([Iss + 1, Iss + 101], h.Take().Select(s => s.Seq.Value));
        Assert.False(TcpProfiles.Rfc9293Defaults.ProportionalRateReduction);
    }

    [Fact]
    public void Scoreboard_AfterAnRto_SackedSegmentsAreNotResent()
    {
        var (h, ep) = Established(TcpProfiles.LinuxDefaults with { RackLossDetection = false });
        ep.Send(3 * Mss);
        h.Take();
        h.Advance(SimDuration.FromMicroseconds(30));
        ep.OnSegment(PeerAck(Iss + 1, Block(Iss + 1 + Mss, Iss + 1 + 2 * Mss)));
        h.AssertSilent();                                                 // one SACKed segment proves nothing
        h.AdvanceTo(ep.TimerDeadline(TimerKind.LossProbe)!.Value);       // armed when the data left: probes the last
        Assert.Equal(Iss + 1 + 2 * Mss, h.TakeOne().Seq.Value);
        h.AdvanceTo(ep.TimerDeadline(TimerKind.Retransmit)!.Value);
        Assert.Equal(Iss + 1, h.TakeOne().Seq.Value);
        h.Advance(SimDuration.FromMicroseconds(30));
        ep.OnSegment(PeerAck(Iss + 1 + Mss, Block(Iss + 1 + Mss, Iss + 1 + 2 * Mss)));
        Assert.Equal(Iss + 1 + 2 * Mss, h.TakeOne().Seq.Value);           // the SACKed second segment is skipped
    }

    [Fact]
    public void Rfc6675_WithoutRack_ThreeSackedSegmentsAboveAHoleProveItLost()
    {
        var (h, ep) = Established(TcpProfiles.LinuxDefaults with { RackLossDetection = false });
        ep.Send(4 * Mss);
        h.Take();
        h.Advance(SimDuration.FromMicroseconds(30));
        ep.OnSegment(PeerAck(Iss + 1, Block(Iss + 1 + Mss, Iss + 1 + 3 * Mss)));
        h.AssertSilent();
        ep.OnSegment(PeerAck(Iss + 1, Block(Iss + 1 + Mss, Iss + 1 + 4 * Mss)));
        Assert.Equal(Iss + 1, h.TakeOne().Seq.Value);
        Assert.Null(ep.TimerDeadline(TimerKind.Reorder));
    }

    // ---- Duplicate ACKs without SACK (RFC 5681, RFC 6582) ---------------------------------------------------------

    [Theory]
    [InlineData(TcpProfiles.Rfc9293)]
    [InlineData(TcpProfiles.Linux)]
    public void NoSack_ThirdDuplicateAck_FastRetransmit_ThenEachPartialAckResendsTheNextHole(string profile)
    {
        TcpSettings settings = profile == TcpProfiles.Linux ? TcpProfiles.LinuxDefaults with { SackPermitted = false } : TcpProfiles.Rfc9293Defaults;
        var (h, ep) = Established(settings);
        ep.Send(5000);
        List<Segment> sent = h.Take();
        // Three full segments; the short tail waits under RFC 896 while data is unacknowledged, but goes under Linux's
        // Minshall variant (no earlier short segment is unacknowledged).
        Assert.Equal(profile == TcpProfiles.Linux ? 4 : 3, sent.Count);
        Segment DupAck(uint ack) => FromPeer(TcpFlags.Ack, PeerIss + 1, ack, options: settings.Timestamps ? Timestamp(300, 0) : null);
        ep.OnSegment(DupAck(Iss + 1));
        ep.OnSegment(DupAck(Iss + 1));
        h.AssertSilent();
        ep.OnSegment(DupAck(Iss + 1));
        Assert.Equal(sent[0].Seq, h.TakeOne().Seq);
        Assert.Null(ep.TimerDeadline(TimerKind.Reorder));
        ep.OnSegment(DupAck(sent[2].Seq.Value));                           // partial: the third segment was lost too
        Assert.Equal(sent[2].Seq, h.TakeOne().Seq);
    }

    // ---- TCP Small Queues -----------------------------------------------------------------------------------------

    [Fact]
    public void SmallQueues_DataWaitsWhileTheLinkSerializes_AndGoesWhenItIsFree()
    {
        var (h, ep) = Established();
        h.LinkFreeAt = h.Now + SimDuration.FromMicroseconds(12);
        ep.Send(2 * Mss);
        h.AssertSilent();
        Assert.Equal(h.LinkFreeAt, ep.TimerDeadline(TimerKind.SmallQueue));
        Assert.Null(ep.TimerDeadline(TimerKind.Persist));
        h.AdvanceTo(h.LinkFreeAt);
        Assert.Equal(2, h.Take().Count);
    }

    [Fact]
    public void SocketBacklog_ASegmentArrivingDuringAWrite_IsProcessedWhenTheWriteHasHandedOverItsSegments()
    {
        // tcp_sendmsg holds the socket: what arrives meanwhile waits in the backlog (tcp_add_backlog) until
        // release_sock, after the write's last segment has gone to the link.
        var (h, ep) = Established();
        h.LinkFreeAt = h.Now + SimDuration.FromMicroseconds(12);
        ep.Send(2 * Mss);
        ep.OnSegment(PeerData(PeerIss + 1, 100));
        Assert.Equal(0, ep.BytesReceived);
        h.AssertSilent();

        h.AdvanceTo(h.LinkFreeAt);
        List<Segment> sent = h.Take();
        Assert.Equal([0, Mss, Mss], sent.Select(s => s.Length).Order());   // both data segments, then the ACK of the data
        Assert.Equal(100, ep.BytesReceived);
        Assert.Equal(PeerIss + 101, sent[^1].Ack.Value);

        ep.OnSegment(PeerData(PeerIss + 101, 100));                        // no write in progress: taken at once
        Assert.Equal(200, ep.BytesReceived);
    }
}
