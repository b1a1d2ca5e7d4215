using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

public sealed partial class EndpointTests
{
    [Fact]
    public void Closed_Connect_SendsSynWithOptionsAndEntersSynSent()
    {
        var h = new Support.EndpointHarness();
        var ep = h.Create();
        ep.Connect(PeerAddress);
        var syn = h.TakeOne();
        Assert.Equal(TcpState.SynSent, ep.State);
        Assert.Equal(TcpFlags.Syn, syn.Flags);
        Assert.Equal(Iss, syn.Seq.Value);
        Assert.Equal((ushort)1460, syn.Options.Mss);
        Assert.Equal((sbyte)7, syn.Options.WindowScale);
        Assert.True(syn.Options.SackPermitted);
        Assert.True(syn.Options.HasTimestamp);
    }

    [Fact]
    public void SynSent_SynAck_EntersEstablishedAndAcks()
    {
        var (h, ep) = SynSent();
        ep.OnSegment(FromPeer(TcpFlags.Syn | TcpFlags.Ack, PeerIss, Iss + 1, options: SynOptions(100)));
        var ack = h.TakeOne();
        Assert.Equal(TcpState.Established, ep.State);
        Assert.Equal(TcpFlags.Ack, ack.Flags);
        Assert.Equal(Iss + 1, ack.Seq.Value);
        Assert.Equal(PeerIss + 1, ack.Ack.Value);
        Assert.Contains(("client", Simulator.Core.Scenarios.AppEventKind.Established), h.Events);
    }

    [Fact]
    public void SynSent_SynAckWithBadAck_SendsResetAndStaysInSynSent()
    {
        // RFC 9293 Fig 8: an old SYN's SYN-ACK acknowledges something we never sent.
        var (h, ep) = SynSent();
        ep.OnSegment(FromPeer(TcpFlags.Syn | TcpFlags.Ack, PeerIss, 91));
        var rst = h.TakeOne();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(91u, rst.Seq.Value);
        Assert.Equal(TcpState.SynSent, ep.State);
    }

    [Fact]
    public void SynSent_RstAck_FailsWithConnectionRefused()
    {
        var (h, ep) = SynSent();
        ep.OnSegment(FromPeer(TcpFlags.Rst | TcpFlags.Ack, 0, Iss + 1));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal("ECONNREFUSED", ep.Error);
        h.AssertSilent();
        var result = h.Trace!.OfType<AppResult>().Single(r => r.Event == "connect");
        Assert.Equal("ECONNREFUSED", result.Result);
    }

    [Fact]
    public void SynSent_RstWithoutAck_IsDropped()
    {
        var (h, ep) = SynSent();
        ep.OnSegment(FromPeer(TcpFlags.Rst, 0));
        Assert.Equal(TcpState.SynSent, ep.State);
        h.AssertSilent();
    }

    [Fact]
    public void SynSent_Syn_EntersSynReceivedAndAnswersSynAck()
    {
        // RFC 9293 Fig 7, simultaneous open.
        var (h, ep) = SynSent();
        ep.OnSegment(FromPeer(TcpFlags.Syn, PeerIss, options: SynOptions(100)));
        var synAck = h.TakeOne();
        Assert.Equal(TcpState.SynReceived, ep.State);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(Iss, synAck.Seq.Value);
        Assert.Equal(PeerIss + 1, synAck.Ack.Value);
    }

    [Fact]
    public void SynSent_Timeouts_LinuxKeepsOneSecondForFourExpiriesThenDoubles()
    {
        var (h, ep) = SynSent();
        var sendTimes = new List<double>();
        for (int i = 0; i < 10; i++)
        {
            h.AdvanceTo(ep.TimerDeadline(TimerKind.Retransmit)!.Value);
            var syn = h.TakeOne();
            Assert.Equal(TcpFlags.Syn, syn.Flags);
            Assert.Equal(Iss, syn.Seq.Value);
            sendTimes.Add(h.Now.TotalSeconds);
        }
        Assert.Equal([1, 2, 3, 4, 5, 7, 11, 19, 35, 67], sendTimes);
    }

    [Fact]
    public void SynSent_RetriesExhausted_FailsWithTimedOutAtTheTimeBudget()
    {
        var (h, ep) = SynSent();
        h.Advance(SimDuration.FromSeconds(200));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal("ETIMEDOUT", ep.Error);
        var fail = h.Trace!.OfType<StateChanged>().Last();
        Assert.Equal(131.0, fail.Time.TotalSeconds);
        Assert.Equal(10, h.Sent.Count(s => s.Is(TcpFlags.Syn)));
    }

    [Theory]
    [InlineData(6, 0, new double[] { 1, 3, 7, 15, 31, 63 }, 127)]
    [InlineData(5, 0, new double[] { 1, 3, 7, 15, 31 }, 63)]
    [InlineData(2, 4, new double[] { 1, 2, 3, 4, 5 }, 7)]
    public void SynSent_RetrySchedule_FollowsSynRetriesAndLinearTimeouts(int retries, int linear, double[] resends, double failsAt)
    {
        var settings = TcpProfiles.LinuxDefaults with { SynRetries = retries, SynLinearTimeouts = linear };
        var (h, ep) = SynSent(settings);
        var times = new List<double>();
        while (ep.State == TcpState.SynSent)
        {
            h.AdvanceTo(ep.TimerDeadline(TimerKind.Retransmit)!.Value);
            if (h.Take().Count > 0) times.Add(h.Now.TotalSeconds);
        }
        Assert.Equal(resends, times);
        Assert.Equal(failsAt, h.Now.TotalSeconds);
        Assert.Equal("ETIMEDOUT", ep.Error);
    }

    [Fact]
    public void SynSent_Rfc9293Profile_CountsRetransmissionsAndDoubles()
    {
        var (h, ep) = SynSent(TcpProfiles.Rfc9293Defaults);
        var times = new List<double>();
        while (ep.State == TcpState.SynSent)
        {
            h.AdvanceTo(ep.TimerDeadline(TimerKind.Retransmit)!.Value);
            if (h.Take().Count > 0) times.Add(h.Now.TotalSeconds);
        }
        Assert.Equal([1, 3, 7, 15, 31, 63], times);
        Assert.Equal(123.0, h.Now.TotalSeconds);   // 63 + 60 (rto_max 60 s)
    }

    [Fact]
    public void SynSent_SynAckAfterRetransmission_TakesRttFromTimestampEcho()
    {
        // Lost SYN-ACK (Linux reference lost-synack): the echo of the first SYN's TSval puts ~1 s in the RTT.
        var (h, ep) = SynSent();
        h.AdvanceTo(SimTime.FromSeconds(1));
        var resent = h.TakeOne();
        h.Advance(SimDuration.FromMicroseconds(30));
        uint firstTsVal = resent.Options.TsVal - 1000;
        ep.OnSegment(FromPeer(TcpFlags.Syn | TcpFlags.Ack, PeerIss, Iss + 1, options: new TcpOptions(1460, 7, true, true, 100, firstTsVal)));
        Assert.Equal(TcpState.Established, ep.State);
        Assert.Equal(1000, ep.Rtt.Srtt!.Value.TotalMilliseconds);
        Assert.Equal(3000, ep.CurrentRto.TotalMilliseconds);
    }

    [Fact]
    public void SynSent_CleanHandshake_RtoIsTheLinuxFloorPlusRtt()
    {
        var (h, ep) = Established();
        Assert.Equal(0.030, ep.Rtt.Srtt!.Value.TotalMilliseconds, 6);
        Assert.Equal(204.0, ep.CurrentRto.TotalMilliseconds, 6);   // 200.03 ms rounded up to whole 4 ms jiffies
        Assert.NotNull(h);
    }
}
