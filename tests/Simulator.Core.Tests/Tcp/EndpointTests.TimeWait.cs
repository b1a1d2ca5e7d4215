using Simulator.Core.Tcp;
using Simulator.Core.Tracing;
using Simulator.Core.Time;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

public sealed partial class EndpointTests
{
    [Fact]
    public void TimeWait_Expiry_EntersClosedAfterSixtySecondsOnLinux()
    {
        var (h, ep) = TimeWait();
        SimTime entered = h.Now;
        h.Advance(SimDuration.FromSeconds(59));
        Assert.Equal(TcpState.TimeWait, ep.State);
        h.Advance(SimDuration.FromSeconds(2));
        Assert.Equal(TcpState.Closed, ep.State);
        var closed = h.Trace!.OfType<Simulator.Core.Tracing.StateChanged>().Last();
        Assert.Equal(60.0, (closed.Time - entered).TotalSeconds);
    }

    [Fact]
    public void TimeWait_Rfc9293Profile_LastsTwoMsl()
    {
        var (h, ep) = TimeWait(TcpProfiles.Rfc9293Defaults);
        SimTime entered = h.Now;
        h.Advance(SimDuration.FromSeconds(239));
        Assert.Equal(TcpState.TimeWait, ep.State);
        h.Advance(SimDuration.FromSeconds(1));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal(240.0, (h.Now - entered).TotalSeconds);
    }

    [Fact]
    public void TimeWait_RetransmittedFin_IsAckedAndRestartsTheTimer()
    {
        var (h, ep) = TimeWait();
        h.Advance(SimDuration.FromSeconds(30));
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 2));
        var ack = h.TakeOne();
        Assert.Equal(PeerIss + 2, ack.Ack.Value);
        Assert.Equal(Iss + 2, ack.Seq.Value);
        h.Advance(SimDuration.FromSeconds(59));
        Assert.Equal(TcpState.TimeWait, ep.State);
        h.Advance(SimDuration.FromSeconds(1));
        Assert.Equal(TcpState.Closed, ep.State);
    }

    [Fact]
    public void TimeWait_RstAtRcvNxt_EndsTimeWait()
    {
        var (_, ep) = TimeWait();
        ep.OnSegment(FromPeer(TcpFlags.Rst, PeerIss + 2));
        Assert.Equal(TcpState.Closed, ep.State);
    }

    [Fact]
    public void TimeWait_RstAtRcvNxtWithRfc1337_IsIgnoredAndTheWaitRunsOut()
    {
        var (h, ep) = TimeWait(TcpProfiles.LinuxDefaults with { Rfc1337 = true });
        h.Advance(SimDuration.FromSeconds(10));
        h.Sent.Clear();
        ep.OnSegment(FromPeer(TcpFlags.Rst, PeerIss + 2));
        Assert.Equal(TcpState.TimeWait, ep.State);
        h.AssertSilent();
        // Ignored, not answered, and the 2MSL wait is not restarted: it ends 60 s after it began.
        h.Advance(SimDuration.FromSeconds(50));
        Assert.Equal(TcpState.Closed, ep.State);
    }

    [Fact]
    public void TimeWait_BareAckAtRcvNxt_RestartsTheWaitWithoutAnswer()
    {
        var (h, ep) = TimeWait();
        h.Advance(SimDuration.FromSeconds(30));
        h.Sent.Clear();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 2, Iss + 2));
        h.AssertSilent();
        h.Advance(SimDuration.FromSeconds(59));
        Assert.Equal(TcpState.TimeWait, ep.State);
        h.Advance(SimDuration.FromSeconds(1));
        Assert.Equal(TcpState.Closed, ep.State);
    }

    [Fact]
    public void TimeWait_OldSynAck_IsAnsweredWithAckOfTheOldConnection()
    {
        var (h, ep) = TimeWait();
        ep.OnSegment(FromPeer(TcpFlags.Syn | TcpFlags.Ack, 999_999, Iss + 1));
        var ack = h.TakeOne();
        Assert.Equal(TcpFlags.Ack, ack.Flags);
        Assert.Equal(PeerIss + 2, ack.Ack.Value);
        Assert.Equal(TcpState.TimeWait, ep.State);
    }

    [Fact]
    public void TimeWait_NewSynAboveOldSequenceSpace_IsHandedToTheListener()
    {
        var (h, ep) = TimeWait();
        Segment? handed = null;
        h.ListenerForTimeWait = (tw, syn) => { tw.EndTimeWaitForNewSyn(); handed = syn; return true; };
        ep.OnSegment(FromPeer(TcpFlags.Syn, PeerIss + 100_000));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.NotNull(handed);
    }
}
