using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using Simulator.Core.Tracing;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

/// <summary>When an ACK leaves (Linux tcp_event_data_recv, __tcp_ack_snd_check, tcp_send_delayed_ack, pingpong mode).</summary>
public sealed partial class EndpointTests
{
    private static readonly uint Fin = PeerIss + 1;

    /// <summary>How long after <paramref name="trigger"/> the next ACK leaves (null: none within a second).</summary>
    private static double? AckDelayMs(EndpointHarness h, Action trigger)
    {
        h.Take();
        SimTime t0 = h.Now;
        trigger();
        for (int step = 0; step <= 1000; step++)
        {
            h.Advance(step == 0 ? SimDuration.Zero : SimDuration.FromMilliseconds(1));   // timers due now, then 1 ms steps
            if (h.Sent.Count > 0) return Math.Round((h.Now - t0).TotalMilliseconds, 3);
        }
        return null;
    }

    private static void PeerData(TcpEndpoint ep, uint offset, int length) =>
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 1 + offset, ep.SndNxt.Value, length: length));

    [Fact]
    public void AckTiming_FinOnAConnectionThatCarriedNoData_IsAckedAtTheNextTick()
    {
        // fin-no-data, port-exhaustion: ato is still 0, so the delayed ACK of tcp_fin's pingpong mode is a timer
        // already due (timeout = jiffies), which runs at the next tick: one jiffy, 4 ms at HZ=250.
        var (h, ep) = Established();
        Assert.Equal(4, AckDelayMs(h, () => ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, Fin, Iss + 1))));
        Assert.Equal(TcpState.CloseWait, ep.State);
    }

    [Fact]
    public void AckTiming_FinAfterRequestAndReply_WaitsTheDelayedAckTimeout()
    {
        // normal-4way, fin-after-idle (3 s idle changes nothing: a FIN carries no data, so no gap is measured).
        var (h, ep) = Established();
        PeerData(ep, 0, 100);
        ep.Send(100);
        h.Advance(SimDuration.FromSeconds(3));
        Assert.Equal(40, AckDelayMs(h, () => ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, Fin + 100, ep.SndNxt.Value))));
    }

    [Fact]
    public void AckTiming_FinAfterDataWithoutReply_WaitsTheDelayedAckTimeoutToo()
    {
        // data-no-reply: data was ACKed at once (quick-ACK credit), but a FIN enters pingpong mode with ato 40 ms.
        var (h, ep) = Established();
        Assert.Equal(0, AckDelayMs(h, () => PeerData(ep, 0, 100)));
        h.Advance(SimDuration.FromSeconds(1));
        Assert.Equal(40, AckDelayMs(h, () => ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, Fin + 100, Iss + 1))));
    }

    [Fact]
    public void AckTiming_DataAfterLongIdle_QuickOutsidePingpongDelayedInside()
    {
        // tcp_event_data_recv: a gap longer than the RTO refills the quick-ACK credit, but tcp_in_quickack_mode
        // also needs !pingpong: after our own reply (data-after-idle) the ACK still waits.
        var (h, ep) = Established(TcpProfiles.LinuxDefaults with { QuickAcks = 1 });
        PeerData(ep, 0, 100);                                             // spends the only credit
        h.Take();
        h.Advance(SimDuration.FromMilliseconds(10));
        Assert.Equal(40, AckDelayMs(h, () => PeerData(ep, 100, 100)));    // no credit: delayed
        h.Advance(SimDuration.FromSeconds(2));
        Assert.Equal(0, AckDelayMs(h, () => PeerData(ep, 200, 100)));     // idle > RTO: credit again

        var (h2, replying) = Established();
        PeerData(replying, 0, 100);
        replying.Send(100);                                               // a reply within ato: pingpong
        h2.Advance(SimDuration.FromSeconds(2));
        Assert.Equal(40, AckDelayMs(h2, () => PeerData(replying, 100, 100)));
        h2.Advance(SimDuration.FromSeconds(1));
        // The delayed-ACK timer left pingpong mode; a FIN enters it again.
        Assert.Equal(40, AckDelayMs(h2, () => replying.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, Fin + 200, replying.SndNxt.Value))));
    }

    [Fact]
    public void AckTiming_PingpongThreshold_CountsReplies()
    {
        var settings = TcpProfiles.LinuxDefaults with { PingpongThreshold = 2, QuickAcks = 16 };
        var (h, ep) = Established(settings);
        PeerData(ep, 0, 100);
        ep.Send(100);                                                     // one reply: below the threshold
        h.Advance(SimDuration.FromMilliseconds(5));
        Assert.Equal(0, AckDelayMs(h, () => PeerData(ep, 100, 100)));
        ep.Send(100);                                                     // second reply: interactive
        h.Advance(SimDuration.FromMilliseconds(5));
        Assert.Equal(40, AckDelayMs(h, () => PeerData(ep, 200, 100)));
    }

    [Fact]
    public void AckTiming_DuplicateSegment_IsAckedAtOnceAndLeavesPingpong()
    {
        var (h, ep) = Established();
        PeerData(ep, 0, 100);
        ep.Send(100);
        h.Advance(SimDuration.FromMilliseconds(5));
        Assert.Equal(0, AckDelayMs(h, () => PeerData(ep, 0, 100)));       // tcp_enter_quickack_mode
        h.Advance(SimDuration.FromMilliseconds(5));
        Assert.Equal(0, AckDelayMs(h, () => PeerData(ep, 100, 100)));     // no longer interactive
    }
}
