using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using Simulator.Core.Tracing;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

/// <summary>Applications that read late: receive buffer, offered window, persist timer, RST on close with unread data.</summary>
public class EndpointReceiveBufferTests
{
    // rcvbuf 4096: Linux offers half of it (2048) as window; the SYN's window is that in whole 1460-byte segments.
    private static readonly TcpSettings SmallBuffer = TcpProfiles.LinuxDefaults with { ReceiveBuffer = 4096, ManualReads = true };
    private const uint PeerData = PeerIss + 1;
    private const uint OurData = Iss + 1;

    private static Segment Data(uint seq, int length) => FromPeer(TcpFlags.Ack | TcpFlags.Psh, seq, OurData, length);

    [Fact]
    public void SynWindow_IsHalfTheBufferInWholeSegments()
    {
        var h = new EndpointHarness();
        var ep = h.Create(SmallBuffer, "client");
        ep.Connect(PeerAddress);
        Assert.Equal(1460u, h.TakeOne().Window);

        var h3 = new EndpointHarness();
        h3.Create(null, "client").Connect(PeerAddress);
        Assert.Equal(64240u, h3.TakeOne().Window);                       // default rcvbuf 131072: Linux's 64240
    }

    [Fact]
    public void ManualReads_UnreadDataShrinksTheWindowToZero()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 1000));
        Assert.Equal(1048u, h.TakeOne().Window);                          // free 2048 − 1000, above half the buffer
        ep.OnSegment(Data(PeerData + 1000, 1048));
        Segment ack = h.TakeOne();
        Assert.Equal(PeerData + 2048, ack.Ack.Value);
        Assert.Equal(0u, ack.Window);
        Assert.Equal(2048, ep.Unread);
    }

    [Fact]
    public void ManualReads_FreeSpaceBelowOneSegmentAndHalfTheBuffer_OffersZero()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 1200));
        // 848 bytes free: less than half of 2048 and less than the 1200-byte segments seen, so no window is
        // offered (receiver SWS avoidance); what is left of the last window (260) is still honoured.
        Assert.Equal(260u, h.TakeOne().Window);
    }

    [Fact]
    public void AutoReads_WindowStaysOpen()
    {
        var (h, ep) = Established(SmallBuffer with { ManualReads = false });
        ep.OnSegment(Data(PeerData, 1000));
        ep.OnSegment(Data(PeerData + 1000, 1048));
        Assert.All(h.Take(), a => Assert.Equal(1460u, a.Window));
        Assert.Equal(0, ep.Unread);
    }

    /// <summary>A manual reader whose 2048-byte window the peer filled: nothing read, window 0 offered.</summary>
    private static (EndpointHarness H, TcpEndpoint Ep) FullReceiver()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 1000));
        ep.OnSegment(Data(PeerData + 1000, 1048));
        h.Take();
        return (h, ep);
    }

    [Fact]
    public void Read_AfterZeroWindow_SendsWindowUpdate()
    {
        var (h, ep) = FullReceiver();
        ep.Read(null);
        Segment update = h.TakeOne();
        Assert.Equal(TcpFlags.Ack, update.Flags);
        Assert.Equal(1460u, update.Window);
        Assert.Equal(2048, ep.BytesRead);
        Assert.Equal(0, ep.Unread);
    }

    [Fact]
    public void Read_SmallPartOfAFullBuffer_WaitsForTheNextAck()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 1000));
        h.Take();
        ep.Read(null);
        h.AssertSilent();                                                 // 1048 left is more than half the free window
    }

    [Fact]
    public void Read_WithByteCount_TakesDataAsItArrives()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.Read(1500);
        ep.OnSegment(Data(PeerData, 1000));
        Assert.Equal(0, ep.Unread);
        ep.OnSegment(Data(PeerData + 1000, 1000));
        Assert.Equal(1500, ep.BytesRead);
        Assert.Equal(500, ep.Unread);                                     // the read was satisfied: the rest waits
        Assert.Contains(h.Trace!.OfType<AppResult>(), r => r.Event == "read" && r.Result == "ok");
    }

    [Fact]
    public void Close_WithUnreadData_SendsRstInsteadOfFin()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 100));
        h.Take();
        ep.Close();
        Segment rst = h.TakeOne();
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(OurData, rst.Seq.Value);
        Assert.Equal(PeerData + 100, rst.Ack.Value);
        Assert.Equal(TcpState.Closed, ep.State);
    }

    [Fact]
    public void Close_InCloseWaitWithUnreadData_SendsRst()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Fin, PeerData, OurData, 100));
        h.Advance(SimDuration.FromSeconds(1));
        h.Take();
        Assert.Equal(TcpState.CloseWait, ep.State);
        ep.Close();
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, h.TakeOne().Flags);
        Assert.Equal(TcpState.Closed, ep.State);
    }

    [Fact]
    public void Close_AfterReadingEverything_SendsFin()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 100));
        ep.Read(null);
        h.Take();
        ep.Close();
        Assert.Equal(TcpFlags.Fin | TcpFlags.Ack, h.TakeOne().Flags);
    }

    [Fact]
    public void PeerReset_NextReadFailsWithEconnreset_ThenWritesWithEpipe()
    {
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Rst | TcpFlags.Ack, PeerData, OurData));
        ep.Read(null);
        ep.Send(100);
        ep.Send(100);
        var results = h.Trace!.OfType<AppResult>().Where(r => r.Event is "read" or "send").Select(r => $"{r.Event} {r.Result}").ToArray();
        Assert.Equal(["read ECONNRESET", "send EPIPE", "send EPIPE"], results);
        h.AssertSilent();
    }

    [Fact]
    public void PeerReset_WriteFirst_FailsWithEconnreset()
    {
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Rst | TcpFlags.Ack, PeerData, OurData));
        ep.Send(100);
        Assert.Equal("ECONNRESET", h.Trace!.OfType<AppResult>().Single(r => r.Event == "send").Result);
    }

    // ---- sender: persist timer --------------------------------------------------------------------------------

    /// <summary>ESTABLISHED, 100 bytes sent and acknowledged with a zero window, then 1000 more bytes written.</summary>
    private static (EndpointHarness H, TcpEndpoint Ep) ZeroWindowSender(TcpSettings? settings = null)
    {
        var (h, ep) = Established(settings);
        ep.Send(100);
        h.Take();
        h.Advance(SimDuration.FromMilliseconds(1));
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerData, OurData + 100) with { Window = 0 });
        ep.Send(1000);
        return (h, ep);
    }

    [Fact]
    public void ZeroWindow_NothingSent_PersistTimerArmedAtTheRto()
    {
        var (h, ep) = ZeroWindowSender();
        h.AssertSilent();
        Assert.Equal(h.Now + ep.Rtt.Rto, ep.TimerDeadline(TimerKind.Persist));
        Assert.Null(ep.TimerDeadline(TimerKind.Retransmit));
    }

    [Fact]
    public void ZeroWindow_ProbesCarryAnOldSequenceNumberAndBackOff()
    {
        var (h, ep) = ZeroWindowSender();
        SimDuration rto = ep.Rtt.Rto;
        SimTime start = h.Now;
        var probes = new List<SimTime>();
        for (int i = 0; i < 4; i++)
        {
            h.AdvanceTo(ep.TimerDeadline(TimerKind.Persist)!.Value);
            Segment probe = h.TakeOne();
            Assert.Equal(TcpFlags.Ack, probe.Flags);
            Assert.Equal(0, probe.Length);
            Assert.Equal(OurData + 99, probe.Seq.Value);                   // SND.UNA − 1
            probes.Add(h.Now);
        }
        Assert.Equal([start + rto, start + rto * 3, start + rto * 7, start + rto * 15], probes);
    }

    [Fact]
    public void ZeroWindow_AnswerWithOpenWindow_SendsDataAndStopsProbing()
    {
        var (h, ep) = ZeroWindowSender();
        h.AdvanceTo(ep.TimerDeadline(TimerKind.Persist)!.Value);
        h.Take();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerData, OurData + 100) with { Window = 4000 });
        Segment data = h.TakeOne();
        Assert.Equal(1000, data.Length);
        Assert.Null(ep.TimerDeadline(TimerKind.Persist));
        Assert.NotNull(ep.TimerDeadline(TimerKind.LossProbe));            // tcp_write_xmit: the tail-loss probe stands in for the RTO
    }

    [Fact]
    public void ZeroWindow_AnswerStillZero_RestartsTimerWithBackoff()
    {
        var (h, ep) = ZeroWindowSender();
        SimDuration rto = ep.Rtt.Rto;
        h.AdvanceTo(ep.TimerDeadline(TimerKind.Persist)!.Value);
        h.Take();
        h.Advance(SimDuration.FromMilliseconds(1));
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerData, OurData + 100) with { Window = 0 });
        Assert.Equal(h.Now + rto * 2, ep.TimerDeadline(TimerKind.Persist));   // tcp_ack_probe
    }

    [Fact]
    public void SmallWindow_NoPartialSegment_ProbeSendsWhatFits()
    {
        var (h, ep) = Established();
        ep.Send(100);
        h.Take();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerData, OurData + 100) with { Window = 300 });
        ep.Send(1000);
        h.AssertSilent();                                                 // 1000 bytes do not fit in 300: wait (sender SWS)
        h.AdvanceTo(ep.TimerDeadline(TimerKind.Persist)!.Value);
        Segment probe = h.TakeOne();
        Assert.Equal(300, probe.Length);
        Assert.Equal(OurData + 100, probe.Seq.Value);
        Assert.True(probe.Flags.Has(TcpFlags.Psh));
        Assert.Null(ep.TimerDeadline(TimerKind.Persist));                 // data in flight: the RTO timer rules
        Assert.NotNull(ep.TimerDeadline(TimerKind.Retransmit));
    }

    [Fact]
    public void ZeroWindow_ProbesUnanswered_GivesUpAfterRetries2()
    {
        var (h, ep) = ZeroWindowSender(TcpProfiles.LinuxDefaults with { Retries2 = 3 });
        for (int i = 0; i < 3; i++) h.AdvanceTo(ep.TimerDeadline(TimerKind.Persist)!.Value);
        Assert.Equal(3, h.Take().Count);
        h.AdvanceTo(ep.TimerDeadline(TimerKind.Persist)!.Value);
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal("ETIMEDOUT", ep.Error);
    }

    [Fact]
    public void ReceivingSide_ProbeIsAnsweredWithTheZeroWindow()
    {
        var (h, ep) = FullReceiver();
        h.Advance(SimDuration.FromSeconds(1));
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerData + 2047, OurData));
        Segment answer = h.TakeOne();
        Assert.Equal(PeerData + 2048, answer.Ack.Value);
        Assert.Equal(0u, answer.Window);
    }
}
