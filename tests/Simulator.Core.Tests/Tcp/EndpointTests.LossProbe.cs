using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using Simulator.Core.Tracing;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

/// <summary>Tail-loss probe (RFC 8985 section 7; Linux tcp_schedule_loss_probe, tcp_send_loss_probe, tcp_rearm_rto).</summary>
public sealed partial class EndpointTests
{
    /// <summary>Times (ms after the first send) at which the segment sent first is sent again, until the peer answers or the socket gives up.</summary>
    private static List<double> ResendTimes(EndpointHarness h, TcpEndpoint ep, int max)
    {
        double start = h.Now.TotalMilliseconds;
        var times = new List<double>();
        while (times.Count < max && ep.State != TcpState.Closed)
        {
            SimTime? next = new[] { ep.TimerDeadline(TimerKind.Retransmit), ep.TimerDeadline(TimerKind.LossProbe) }.Min();
            if (next is null) break;
            h.AdvanceTo(next.Value);
            foreach (var _ in h.Take()) times.Add(Math.Round(h.Now.TotalMilliseconds - start, 1));
        }
        return times;
    }

    [Fact]
    public void LossProbe_LostFin_ProbeAtRtoThenFullRtoFromTheProbeThenDoubling()
    {
        // FIN lost three times on a sub-millisecond link: Linux resends it at about 205, 413 and 837 ms
        // (lost-fin-3x); a bare RTO would give 204, 612, 1428 ms. RTO and probe timeout: 204 ms in whole jiffies.
        var (h, ep) = Established();
        ep.Close();
        Assert.True(h.TakeOne().Is(TcpFlags.Fin));
        Assert.NotNull(ep.TimerDeadline(TimerKind.LossProbe));
        Assert.Null(ep.TimerDeadline(TimerKind.Retransmit));
        Assert.Equal([204.0, 408.0, 816.0], ResendTimes(h, ep, 3));
    }

    [Fact]
    public void LossProbe_LostData_ProbesTheLastSegmentInFlight()
    {
        var (h, ep) = Established();
        ep.Send(2000);
        var first = h.Take();
        Assert.Equal(2, first.Count);
        // Two segments in flight: 2·SRTT + TCP_TIMEOUT_MIN (2 ms), one jiffy, well before the RTO.
        SimTime probeAt = ep.TimerDeadline(TimerKind.LossProbe)!.Value;
        Assert.Equal(SimDuration.FromMilliseconds(4), probeAt - h.Now);
        h.AdvanceTo(probeAt);
        var probe = h.TakeOne();
        Assert.Equal(first[1].Seq, probe.Seq);
        Assert.Equal(first[1].Length, probe.Length);
        Assert.Equal(h.Now + ep.CurrentRto, ep.TimerDeadline(TimerKind.Retransmit));
    }

    [Fact]
    public void LossProbe_OnePerEpisode_AnAckOfExactlyTheProbedDataLeavesTheEpisodeOpen()
    {
        // lost-data-fin-2x: the probe repairs the lost data and its ACK equals tlp_high_seq; the FIN lost next
        // waits for the RTO (no second probe): resent at ~RTO, then doubled.
        var (h, ep) = Established();
        ep.Send(100);
        h.Take();
        h.AdvanceTo(ep.TimerDeadline(TimerKind.LossProbe)!.Value);
        Assert.Equal(100, h.TakeOne().Length);
        h.Advance(SimDuration.FromMicroseconds(30));
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 1, Iss + 101));
        ep.Close();
        Assert.True(h.TakeOne().Is(TcpFlags.Fin));
        Assert.Equal([204.0, 612.0], ResendTimes(h, ep, 2));
    }

    [Fact]
    public void LossProbe_NotWithoutSack_NorAfterAnRto_NorInTheRfcProfile()
    {
        var (h, ep) = Established(TcpProfiles.LinuxDefaults with { SackPermitted = false });
        ep.Close();
        h.Take();
        Assert.Null(ep.TimerDeadline(TimerKind.LossProbe));
        Assert.Equal([204.0, 612.0], ResendTimes(h, ep, 2));

        var (h2, rfc) = Established(TcpProfiles.Rfc9293Defaults);
        rfc.Send(100);
        h2.Take();
        Assert.Null(rfc.TimerDeadline(TimerKind.LossProbe));
        Assert.NotNull(rfc.TimerDeadline(TimerKind.Retransmit));
    }

    [Fact]
    public void LossProbe_DataRetriesGiveUp_CountedFromTheFirstRtoRetransmission()
    {
        // data-giveup: tcp_retries2 = 3 is a budget of 3 s (tcp_model_timeout) from retrans_stamp, which the first
        // RTO retransmission sets (the probe does not): at 3264 ms only 2856 ms have passed since it, so one more
        // resend; ETIMEDOUT at the next expiry. Counted from the first send it would give up at 3264 ms.
        var (h, ep) = Established(TcpProfiles.LinuxDefaults with { Retries2 = 3 });
        ep.Send(100);
        h.Take();
        double start = h.Now.TotalMilliseconds;
        Assert.Equal([204.0, 408.0, 816.0, 1632.0, 3264.0], ResendTimes(h, ep, 10));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal("ETIMEDOUT", ep.Error);
        Assert.Equal(6528.0, Math.Round(h.Now.TotalMilliseconds - start, 1));
    }
}
