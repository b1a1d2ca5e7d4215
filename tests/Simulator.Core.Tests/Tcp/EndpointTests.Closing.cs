using Simulator.Core.Tcp;
using Simulator.Core.Tracing;
using Simulator.Core.Time;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

public sealed partial class EndpointTests
{
    [Fact]
    public void FinWait1_AckOfFin_EntersFinWait2()
    {
        var (h, ep) = FinWait1();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 1, Iss + 2));
        Assert.Equal(TcpState.FinWait2, ep.State);
        h.AssertSilent();
    }

    [Fact]
    public void FinWait1_FinAck_EntersTimeWaitDirectlyAndAcks()
    {
        // RFC 9293 3.10.7.4: a FIN that also ACKs our FIN goes straight to TIME-WAIT (the 3-segment close).
        var (h, ep) = FinWait1();
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 2));
        Assert.Equal(TcpState.TimeWait, ep.State);
        Assert.DoesNotContain(h.Trace!.OfType<Simulator.Core.Tracing.StateChanged>(), c => c.To == TcpState.FinWait2);
        Assert.Equal(PeerIss + 2, h.TakeOne().Ack.Value);
    }

    [Fact]
    public void FinWait1_FinWithoutAckOfOurs_EntersClosingAndAcksAtOnce()
    {
        // RFC 9293 Fig 13, simultaneous close.
        var (h, ep) = FinWait1();
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 1));
        Assert.Equal(TcpState.Closing, ep.State);
        var ack = h.TakeOne();
        Assert.Equal(TcpFlags.Ack, ack.Flags);
        Assert.Equal(Iss + 2, ack.Seq.Value);
        Assert.Equal(PeerIss + 2, ack.Ack.Value);
    }

    [Fact]
    public void FinWait1_LostFin_ResentAsTailLossProbe()
    {
        var (h, ep) = FinWait1();
        h.AdvanceTo(ep.TimerDeadline(TimerKind.LossProbe)!.Value);
        var fin = h.TakeOne();
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, fin.Flags);
        Assert.Equal(204.03, h.Now.TotalMilliseconds, 3);   // 2·SRTT + 200 ms in whole 4 ms ticks, after the FIN
    }

    [Fact]
    public void FinWait1_OrphanFinRetriesExhausted_FailsWithTimedOut()
    {
        var (h, ep) = FinWait1();
        h.Advance(SimDuration.FromSeconds(300));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal("ETIMEDOUT", ep.Error);
        Assert.Equal(9, h.Sent.Count(s => s.Is(TcpFlags.Fin)));   // a tail-loss probe, then 8 RTO retransmissions
    }

    [Fact]
    public void FinWait2_Fin_EntersTimeWaitAndAcks()
    {
        var (h, ep) = FinWait2();
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 2));
        Assert.Equal(TcpState.TimeWait, ep.State);
        Assert.Equal(PeerIss + 2, h.TakeOne().Ack.Value);
    }

    [Fact]
    public void FinWait2_OrphanTimesOutAfterFinTimeout()
    {
        var (h, ep) = FinWait2();
        h.Advance(SimDuration.FromSeconds(59));
        Assert.Equal(TcpState.FinWait2, ep.State);
        h.Advance(SimDuration.FromSeconds(2));
        Assert.Equal(TcpState.Closed, ep.State);
        h.AssertSilent();
    }

    [Fact]
    public void FinWait2_AfterShutdown_KeepsReceivingDataAndNeverTimesOut()
    {
        var (h, ep) = FinWait2(shutdown: true);
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 1, Iss + 2, length: 500));
        Assert.Equal(500, ep.BytesReceived);
        h.Advance(SimDuration.FromSeconds(600));
        Assert.Equal(TcpState.FinWait2, ep.State);
    }

    [Fact]
    public void FinWait2_DataAfterClose_LinuxAnswersReset()
    {
        var (h, ep) = FinWait2();
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 1, Iss + 2, length: 500));
        Assert.Equal(TcpFlags.Rst, h.TakeOne().Flags);
        Assert.Equal(TcpState.Closed, ep.State);
    }

    [Fact]
    public void CloseWait_Close_SendsFinAndEntersLastAck()
    {
        var (h, ep) = CloseWait();
        ep.Close();
        var fin = h.TakeOne();
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, fin.Flags);
        Assert.Equal(TcpState.LastAck, ep.State);
    }

    [Fact]
    public void CloseWait_CloseBeforeDelayedAck_MergesAckIntoFin()
    {
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 1, Iss + 1, length: 100));   // ato: 40 ms
        h.Take();
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 101, Iss + 1));
        h.Advance(SimDuration.FromMilliseconds(1));
        ep.Close();
        var fin = h.TakeOne();
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, fin.Flags);
        Assert.Equal(PeerIss + 102, fin.Ack.Value);
        h.Advance(SimDuration.FromMilliseconds(100));
        h.AssertSilent();
    }

    [Fact]
    public void CloseWait_RepeatedFin_IsAckedAtOnce()
    {
        var (h, ep) = CloseWait();
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 1));
        Assert.Equal(PeerIss + 2, h.TakeOne().Ack.Value);
        Assert.Equal(TcpState.CloseWait, ep.State);
    }

    [Fact]
    public void LastAck_AckOfFin_EntersClosed()
    {
        var (h, ep) = LastAck();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 2, Iss + 2));
        Assert.Equal(TcpState.Closed, ep.State);
        h.AssertSilent();
    }

    [Fact]
    public void LastAck_LostAck_ResendsFinWithBackoff()
    {
        // lost-server-fin-2x: a tail-loss probe, a full RTO from the probe, then the doubled RTO.
        var (h, ep) = LastAck();
        Assert.Equal([204.0, 408.0, 816.0], ResendTimes(h, ep, 3));
        Assert.All(h.Take(), s => Assert.True(s.Is(TcpFlags.Fin)));
    }

    [Fact]
    public void LastAck_Rst_EntersClosed()
    {
        var (_, ep) = LastAck();
        ep.OnSegment(FromPeer(TcpFlags.Rst, PeerIss + 2));
        Assert.Equal(TcpState.Closed, ep.State);
    }

    [Fact]
    public void Closing_AckOfFin_EntersTimeWait()
    {
        var (h, ep) = Closing();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 2, Iss + 2));
        Assert.Equal(TcpState.TimeWait, ep.State);
        h.AssertSilent();
    }

    [Fact]
    public void Closing_Rst_EntersClosed()
    {
        var (_, ep) = Closing();
        ep.OnSegment(FromPeer(TcpFlags.Rst, PeerIss + 2));
        Assert.Equal(TcpState.Closed, ep.State);
    }
}

public sealed class ResetInEveryStateTests
{
    public static TheoryData<string, string?> States => new()
    {
        { "SynReceived", null },          // passive: dropped quietly, back to LISTEN
        { "Established", "ECONNRESET" },
        { "FinWait1", "ECONNRESET" },
        { "FinWait2", "ECONNRESET" },
        { "CloseWait", "EPIPE" },         // the peer had closed: Linux tcp_reset sets EPIPE
        { "Closing", "ECONNRESET" },      // our FIN never acknowledged: Linux tcp_reset sets ECONNRESET
        { "LastAck", "ECONNRESET" },
        { "TimeWait", null },
    };

    private static (Support.EndpointHarness H, TcpEndpoint Ep) Fixture(string state) => state switch
    {
        "SynReceived" => EndpointFixtures.SynReceived(),
        "Established" => EndpointFixtures.Established(),
        "FinWait1" => EndpointFixtures.FinWait1(),
        "FinWait2" => EndpointFixtures.FinWait2(),
        "CloseWait" => EndpointFixtures.CloseWait(),
        "Closing" => EndpointFixtures.Closing(),
        "LastAck" => EndpointFixtures.LastAck(),
        _ => EndpointFixtures.TimeWait(),
    };

    [Theory]
    [MemberData(nameof(States))]
    public void State_RstAtRcvNxt_EntersClosedWithTheRightError(string state, string? errno)
    {
        var (h, ep) = Fixture(state);
        ep.OnSegment(FromPeer(TcpFlags.Rst, ep.RcvNxt.Value));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal(errno, ep.Error);
        h.AssertSilent();
    }

    [Theory]
    [MemberData(nameof(States))]
    public void State_RstOutsideTheWindow_ChangesNothing(string state, string? errno)
    {
        _ = errno;
        var (h, ep) = Fixture(state);
        TcpState before = ep.State;
        ep.OnSegment(FromPeer(TcpFlags.Rst, ep.RcvNxt.Value + 10_000_000));
        Assert.Equal(before, ep.State);
        h.AssertSilent();
    }
}
