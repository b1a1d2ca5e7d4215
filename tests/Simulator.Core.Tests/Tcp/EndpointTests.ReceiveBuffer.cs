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
    // Each unread segment holds its payload plus 832 bytes (skb overhead); windows are in 128-byte units (scale 7).
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
        Assert.Equal(1152u, h.TakeOne().Window);                          // (4096 − 1832) / 2 = 1132, rounded up to 128
        ep.OnSegment(Data(PeerData + 1000, 1152));
        Segment ack = h.TakeOne();
        Assert.Equal(PeerData + 2152, ack.Ack.Value);
        Assert.Equal(0u, ack.Window);
        Assert.Equal(2152, ep.Unread);
        Assert.Equal(2152 + 2 * 832, ep.ReceiveMemory);
    }

    [Fact]
    public void TwoSegmentsUnacknowledged_WaitForTheTimer_WhenTheWindowShrinks()
    {
        // rcvbuf 8192, three unread 1448-byte segments (a kernel capture with tcp_rmem 8192): the first spends the
        // quick-ACK credit (3840 / 2896 = 1). After the third, 2896 bytes are unacknowledged, more than one segment,
        // but the window the free memory allows is below the one offered: __tcp_ack_snd_check sends nothing and
        // leaves the ACK to the delayed-ACK timer (Linux sent it 41 ms later).
        var buffer = TcpProfiles.LinuxDefaults with { ReceiveBuffer = 8192, ManualReads = true };
        var (h, ep) = Established(buffer);
        ep.OnSegment(Data(PeerData, 1448));
        Assert.Equal(PeerData + 1448, h.TakeOne().Ack.Value);
        ep.OnSegment(Data(PeerData + 1448, 1448));
        ep.OnSegment(Data(PeerData + 2896, 1448));
        h.AssertSilent();
        h.Advance(SimDuration.FromMilliseconds(40));
        Assert.Equal(PeerData + 4344, h.TakeOne().Ack.Value);
    }

    [Fact]
    public void ManualReads_KernelCaptureZeroWindow_1280Then640()
    {
        // zero-window: two 724-byte segments sent together. The first leaves (4096 − 1556) / 2 = 1270 free, offered
        // as 1280; after the second, free space is below half the buffer and one segment, so only what is left of
        // the last window is honoured: 725 + 1280 − 1449 = 556, offered as 640 by the delayed ACK.
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 724));
        Assert.Equal(1280u, h.TakeOne().Window);
        ep.OnSegment(Data(PeerData + 724, 724));
        h.AssertSilent();                                                 // the quick-ACK credit (1460 / 1448 = 1) is spent
        h.Advance(SimDuration.FromMilliseconds(40));
        Segment ack = h.TakeOne();
        Assert.Equal(PeerData + 1448, ack.Ack.Value);
        Assert.Equal(640u, ack.Window);
        Assert.Equal(2 * (724 + 832), ep.ReceiveMemory);                  // ss -m: rmem 3112
    }

    [Fact]
    public void ManualReads_SegmentAfterTheLastWasAcknowledged_IsAppendedToIt()
    {
        // skb_try_coalesce: once the ACK for the waiting segment has had a round trip to reach the sender, the sender
        // has freed its copy and the next segment is appended, costing only its payload (ss -m: 3112 → 3752).
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 724));
        h.Take();
        h.Advance(SimDuration.FromMilliseconds(200));
        ep.OnSegment(Data(PeerData + 724, 640));
        Assert.Equal(724 + 832 + 640, ep.ReceiveMemory);
    }

    [Fact]
    public void Read_PartOfASegment_FreesItsMemoryOnlyOnceReadWhole()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 724));
        ep.OnSegment(Data(PeerData + 724, 724));
        ep.Read(500);
        Assert.Equal(2 * (724 + 832), ep.ReceiveMemory);
        ep.Read(300);
        Assert.Equal(724 + 832, ep.ReceiveMemory);
        Assert.Equal(648, ep.Unread);
    }

    [Fact]
    public void ManualReads_FreeSpaceBelowOneSegmentAndHalfTheBuffer_OffersZero()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 1300));
        // (4096 − 2132) / 2 = 982 free, 896 in whole 128-byte units: less than half of 2048 and less than the
        // 1300-byte segments seen, so no window is offered (receiver SWS avoidance); what is left of the last window
        // (160) is still honoured, rounded up to the scale unit.
        Assert.Equal(256u, h.TakeOne().Window);
    }

    [Fact]
    public void AutoReads_WindowStaysOpen()
    {
        var (h, ep) = Established(SmallBuffer with { ManualReads = false });
        ep.OnSegment(Data(PeerData, 1000));
        ep.OnSegment(Data(PeerData + 1000, 1048));
        Assert.All(h.Take(), a => Assert.Equal(1536u, a.Window));         // rcv_ssthresh 1460, rounded up to 128
        Assert.Equal(0, ep.Unread);
    }

    /// <summary>A manual reader whose window the peer filled (1000, then the 1152 offered): nothing read, window 0 offered.</summary>
    private static (EndpointHarness H, TcpEndpoint Ep) FullReceiver()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 1000));
        ep.OnSegment(Data(PeerData + 1000, 1152));
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
        Assert.Equal(1536u, update.Window);
        Assert.Equal(2152, ep.BytesRead);
        Assert.Equal(0, ep.Unread);
        Assert.Equal(0, ep.ReceiveMemory);
    }

    [Fact]
    public void Read_SmallPartOfAFullBuffer_WaitsForTheNextAck()
    {
        var (h, ep) = Established(SmallBuffer);
        ep.OnSegment(Data(PeerData, 300));
        h.Take();
        ep.Read(null);
        h.AssertSilent();                                                 // 1236 left of the window: more than half of 2048
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
    public void PeerResetAfterItsFin_ReadsEndWithEof_WriteFailsWithEpipe()
    {
        // close-unread-rst-shutdown: the server's FIN, then its RST (it closed with our data unread). In CLOSE-WAIT
        // Linux's tcp_reset sets EPIPE, and tcp_recvmsg finds SOCK_DONE (the FIN) before sk_err: read EOF, send EPIPE.
        var (h, ep) = Established();
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerData, OurData));
        Assert.Equal(TcpState.CloseWait, ep.State);
        ep.OnSegment(FromPeer(TcpFlags.Rst | TcpFlags.Ack, PeerData + 1, OurData));
        Assert.Equal("EPIPE", ep.Error);
        ep.Read(null);
        ep.Send(100);
        var results = h.Trace!.OfType<AppResult>().Where(r => r.Event is "read" or "send").Select(r => $"{r.Event} {r.Result}").ToArray();
        Assert.Equal(["read EOF", "send EPIPE"], results);
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

    /// <summary>ESTABLISHED with a peer whose SYN-ACK offered 1448 bytes (the zero-window capture's server).</summary>
    private static (EndpointHarness H, TcpEndpoint Ep) SmallWindowPeer()
    {
        var (h, ep) = SynSent();
        h.Advance(SimDuration.FromMicroseconds(30));
        ep.OnSegment(FromPeer(TcpFlags.Syn | TcpFlags.Ack, PeerIss, Iss + 1, options: SynOptions(100)) with { Window = 1448 });
        h.Take();
        return (h, ep);
    }

    [Fact]
    public void SmallPeerWindow_SegmentsAreHalfOfIt_PshEachHalfWindow()
    {
        // tcp_bound_to_half_wnd: 724-byte segments for a 1448-byte window; forced_push marks the second.
        var (h, ep) = SmallWindowPeer();
        ep.Send(2088);
        var sent = h.Take();
        Assert.Equal([724, 724], sent.Select(x => x.Length));
        Assert.Equal([TcpFlags.Ack, TcpFlags.Ack | TcpFlags.Psh], sent.Select(x => x.Flags));
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerData, OurData + 1448) with { Window = 1536 });
        Assert.Equal(640, h.TakeOne().Length);                            // the largest window is now 1536: 768 allowed
    }

    [Fact]
    public void FinNeedsWindowToo_TheProbeSplitsItOff_AndItLeavesLaterWithThePsh()
    {
        // zero-window: 640 bytes and the FIN wait; the window has room for 640 only (tcp_snd_wnd_test counts the FIN).
        var (h, ep) = SmallWindowPeer();
        ep.Send(2088);
        ep.Shutdown();
        h.Take();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerData, OurData + 1448) with { Window = 640 });
        h.AssertSilent();
        h.AdvanceTo(ep.TimerDeadline(TimerKind.Persist)!.Value);
        Segment part = h.TakeOne();
        Assert.Equal((640, TcpFlags.Ack | TcpFlags.Psh), (part.Length, part.Flags));
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerData, OurData + 2088) with { Window = 0 });
        h.AdvanceTo(ep.TimerDeadline(TimerKind.Persist)!.Value);
        Assert.Equal(OurData + 2087, h.TakeOne().Seq.Value);              // the FIN alone does not fit: a bare probe
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerData, OurData + 2088) with { Window = 1536 });
        Segment fin = h.TakeOne();
        Assert.Equal((0, TcpFlags.Fin | TcpFlags.Ack | TcpFlags.Psh), (fin.Length, fin.Flags));
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
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerData + 2151, OurData));
        Segment answer = h.TakeOne();
        Assert.Equal(PeerData + 2152, answer.Ack.Value);
        Assert.Equal(0u, answer.Window);
    }
}
