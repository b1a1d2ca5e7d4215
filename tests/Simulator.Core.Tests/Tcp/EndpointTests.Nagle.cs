using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Tracing;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

/// <summary>Nagle's algorithm (RFC 896, RFC 1122 4.2.3.4; Linux tcp_nagle_test, tcp_minshall_check) and TCP_NODELAY.</summary>
public sealed partial class EndpointTests
{
    private static Segment AckOf(uint ack) => FromPeer(TcpFlags.Ack, PeerIss + 1, ack, options: Timestamp(300, 0));

    [Fact]
    public void Nagle_ShortWritesWhileAShortSegmentIsUnacknowledged_WaitAndLeaveTogetherOnItsAck()
    {
        var (h, ep) = Established();
        ep.Send(100);
        Assert.Equal(100, h.TakeOne().Length);
        ep.Send(100);
        ep.Send(100);
        h.AssertSilent();
        ep.OnSegment(AckOf(Iss + 101));
        Segment both = h.TakeOne();
        Assert.Equal(Iss + 101, both.Seq.Value);
        Assert.Equal(200, both.Length);
        Assert.True(both.Is(TcpFlags.Psh));
    }

    [Fact]
    public void Nagle_OnlyAWriteThatWaits_IsTracedAsHeld()
    {
        var (h, ep) = Established();
        ep.Send(100);                                                     // leaves at once
        ep.Send(100);                                                     // waits
        AppResult held = Assert.Single(h.Trace!.OfType<AppResult>(), r => r.Event == "nagle");
        Assert.Equal(("client", "held"), (held.Endpoint, held.Result));
        ep.OnSegment(AckOf(Iss + 101));                                  // the ACK lets it go: nothing more is held
        Assert.Single(h.Trace!.OfType<AppResult>(), r => r.Event == "nagle");
    }

    [Fact]
    public void Nagle_FullSegmentsLeave_OnlyTheShortTailWaits()
    {
        var (h, ep) = Established();
        ep.Send(100);
        h.Take();
        ep.Send(Mss + 50);
        Segment full = h.TakeOne();
        Assert.Equal(Mss, full.Length);
        ep.OnSegment(AckOf(Iss + 101));
        Assert.Equal(50, h.TakeOne().Length);
    }

    [Fact]
    public void Nagle_Minshall_AFullSegmentInFlightDoesNotHoldAShortOne_Rfc896Does()
    {
        var (h, linux) = Established();
        linux.Send(Mss);
        h.Take();
        linux.Send(100);
        Assert.Equal(100, h.TakeOne().Length);

        var (h2, rfc) = Established(TcpProfiles.LinuxDefaults with { Nagle = NagleRule.Rfc896 });
        rfc.Send(Mss);
        h2.Take();
        rfc.Send(100);
        h2.AssertSilent();
    }

    [Fact]
    public void Nagle_NoDelay_EveryShortWriteLeavesAtOnce()
    {
        var (h, ep) = Established(TcpProfiles.LinuxDefaults with { NoDelay = true });
        ep.Send(100);
        ep.Send(100);
        Assert.Equal([100, 100], h.Take().Select(s => s.Length));
    }

    [Fact]
    public void Nagle_CloseLetsTheWaitingDataGo_WithTheFinOnIt()
    {
        var (h, ep) = Established();
        ep.Send(100);
        h.Take();
        ep.Send(100);
        h.AssertSilent();
        ep.Close();
        Segment last = h.TakeOne();
        Assert.Equal(100, last.Length);
        Assert.True(last.Is(TcpFlags.Fin));
    }

    [Fact]
    public void Nagle_TheTailLossProbeSendsTheWaitingData_NotARetransmission()
    {
        // three-small-writes-lost-first: the first write is lost, the next two wait; the probe is them, and their
        // SACK then shows the first missing.
        var (h, ep) = Established();
        ep.Send(100);
        h.Take();
        ep.Send(100);
        ep.Send(100);
        h.AssertSilent();
        h.AdvanceTo(ep.TimerDeadline(TimerKind.LossProbe)!.Value);
        Segment probe = h.TakeOne();
        Assert.Equal(Iss + 101, probe.Seq.Value);
        Assert.Equal(200, probe.Length);
    }
}
