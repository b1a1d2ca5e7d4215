using Simulator.Core.Tcp;
using Simulator.Core.Tracing;
using Simulator.Core.Time;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

public sealed partial class EndpointTests
{
    [Fact]
    public void Established_Send_SegmentsByMssWithPshOnLastOfWrite()
    {
        var (h, ep) = Established();
        ep.Send(3000);
        var sent = h.Take();
        Assert.Equal([1448, 1448, 104], sent.Select(s => s.Length));
        Assert.Equal([TcpFlags.Ack, TcpFlags.Ack, TcpFlags.Ack | TcpFlags.Psh], sent.Select(s => s.Flags));
        Assert.Equal(Iss + 1 + 3000, ep.SndNxt.Value);
    }

    [Fact]
    public void Established_FirstData_IsAcknowledgedAtOnceInQuickAckMode()
    {
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 1, Iss + 1, length: 100));
        var ack = h.TakeOne();
        Assert.Equal(PeerIss + 101, ack.Ack.Value);
        Assert.Equal(100, ep.BytesReceived);
    }

    [Fact]
    public void Established_DataAfterOwnReply_IsAcknowledgedAfterDelayedAckTimeout()
    {
        // Linux: a reply within ato of received data enters interactive (pingpong) mode; ACKs then wait 40 ms.
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 1, Iss + 1, length: 100));
        ep.Send(100);
        h.Take();
        h.Advance(SimDuration.FromMilliseconds(1));
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 101, Iss + 101, length: 100));
        h.AssertSilent();
        h.Advance(SimDuration.FromMilliseconds(40));
        var ack = h.TakeOne();
        Assert.Equal(PeerIss + 201, ack.Ack.Value);
        Assert.Equal(41, h.Now.TotalMilliseconds - 0.030, 3);
    }

    [Fact]
    public void Established_Rfc9293Profile_AcknowledgesEverySegmentAtOnce()
    {
        var (h, ep) = Established(TcpProfiles.Rfc9293Defaults);
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Fin, PeerIss + 1, Iss + 1));
        var ack = h.TakeOne();
        Assert.Equal(PeerIss + 2, ack.Ack.Value);
        Assert.Equal(TcpState.CloseWait, ep.State);
    }

    [Fact]
    public void Established_OutOfOrderData_DuplicateAckThenDeliversWhenGapFills()
    {
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 101, Iss + 1, length: 100));
        var dupAck = h.TakeOne();
        Assert.Equal(PeerIss + 1, dupAck.Ack.Value);
        Assert.Equal(0, ep.BytesReceived);
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 1, Iss + 1, length: 100));
        Assert.Equal(200, ep.BytesReceived);
        Assert.Equal(PeerIss + 201, ep.RcvNxt.Value);
    }

    [Fact]
    public void Established_Fin_EntersCloseWaitWithDelayedAck()
    {
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 1, Iss + 1, length: 100));
        h.Take();
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 101, Iss + 1));
        Assert.Equal(TcpState.CloseWait, ep.State);
        Assert.True(ep.EofReceived);
        h.AssertSilent();
        h.Advance(SimDuration.FromMilliseconds(40));
        Assert.Equal(PeerIss + 102, h.TakeOne().Ack.Value);
    }

    [Fact]
    public void Established_RstAtRcvNxt_FailsWithConnectionReset()
    {
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Rst, PeerIss + 1));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal("ECONNRESET", ep.Error);
        h.AssertSilent();
    }

    [Fact]
    public void Established_RstInWindowNotAtRcvNxt_SendsChallengeAck()
    {
        // RFC 5961 3.2
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Rst, PeerIss + 500));
        Assert.Equal(TcpState.Established, ep.State);
        var ack = h.TakeOne();
        Assert.Equal(TcpFlags.Ack, ack.Flags);
        Assert.Equal(PeerIss + 1, ack.Ack.Value);
    }

    [Fact]
    public void Established_RstOutOfWindow_IsDropped()
    {
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Rst, PeerIss + 1_000_000));
        Assert.Equal(TcpState.Established, ep.State);
        h.AssertSilent();
    }

    [Fact]
    public void Established_NewSyn_SendsChallengeAckForTheCurrentConnection()
    {
        // RFC 9293 Fig 9, half-open discovery: the crashed peer's new SYN gets an ACK of the old state.
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Syn, 123456));
        var ack = h.TakeOne();
        Assert.Equal(TcpFlags.Ack, ack.Flags);
        Assert.Equal(Iss + 1, ack.Seq.Value);
        Assert.Equal(PeerIss + 1, ack.Ack.Value);
        Assert.Equal(TcpState.Established, ep.State);
    }

    [Fact]
    public void Established_LostData_RetransmitsAfterRtoWithBackoffThenTimesOut()
    {
        var (h, ep) = Established(TcpProfiles.LinuxDefaults with { Retries2 = 3, RetryBudgetIsTime = false, TailLossProbes = false });
        ep.Send(100);
        h.Take();
        var resendTimes = new List<double>();
        while (ep.State == TcpState.Established)
        {
            h.AdvanceTo(ep.TimerDeadline(TimerKind.Retransmit)!.Value);
            foreach (var s in h.Take())
            {
                Assert.Equal(100, s.Length);
                resendTimes.Add(Math.Round(h.Now.TotalMilliseconds - 0.030, 1));
            }
        }
        Assert.Equal([204.0, 612.0, 1428.0], resendTimes);   // RTO 204 ms (200 ms + SRTT in whole 4 ms ticks), doubling
        Assert.Equal("ETIMEDOUT", ep.Error);
    }

    [Fact]
    public void Established_AckOfData_StopsRetransmitTimerAndSamplesRtt()
    {
        var (h, ep) = Established();
        ep.Send(100);
        h.Take();
        h.Advance(SimDuration.FromMilliseconds(10));
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 1, Iss + 101));
        Assert.Null(ep.TimerDeadline(TimerKind.Retransmit));
        Assert.Equal(Iss + 101, ep.SndUna.Value);
        Assert.True(ep.Rtt.Srtt!.Value > SimDuration.FromMicroseconds(30));
    }

    [Fact]
    public void Established_Abort_SendsRstAckAndCloses()
    {
        var (h, ep) = Established();
        ep.Abort();
        var rst = h.TakeOne();
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(Iss + 1, rst.Seq.Value);
        Assert.Equal(TcpState.Closed, ep.State);
    }

    [Fact]
    public void Established_Close_SendsFinAndEntersFinWait1()
    {
        var (h, ep) = Established();
        ep.Close();
        var fin = h.TakeOne();
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, fin.Flags);
        Assert.Equal(TcpState.FinWait1, ep.State);
    }

    [Fact]
    public void Established_CloseWithQueuedData_FinRidesOnLastDataSegment()
    {
        var (h, ep) = Established();
        ep.Send(100);
        h.Take();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 1, Iss + 1, 0) with { Window = 0 });
        ep.Send(50);
        ep.Close();
        h.AssertSilent();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 1, Iss + 101));
        var last = h.TakeOne();
        Assert.Equal(TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Ack, last.Flags);
        Assert.Equal(50, last.Length);
    }
}
