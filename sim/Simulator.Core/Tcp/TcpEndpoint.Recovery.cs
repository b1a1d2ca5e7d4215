using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tcp;

/// <summary>
/// Loss recovery: the receiver's SACK blocks (RFC 2018, D-SACK RFC 2883), the sender's scoreboard
/// (tcp_sacktag_write_queue), RACK loss detection (RFC 8985; tcp_rack_mark_lost, tcp_rack_reo_timeout), the
/// duplicate-ACK threshold where RACK does not apply (RFC 5681, RFC 6675, NewReno RFC 6582; tcp_fastretrans_alert),
/// and the retransmission of what was marked lost (tcp_xmit_retransmit_queue). The RTO (TcpEndpoint.Transitions.cs)
/// stays the last resort. Congestion control is modelled only in fast recovery (proportional rate reduction,
/// <see cref="RateReduction"/>); elsewhere the window limits nothing.
/// </summary>
public sealed partial class TcpEndpoint
{
    /// <summary>TCP_TIMEOUT_MIN_US: the reordering timer's allowance on top of the reordering window (tcp_rack_mark_lost).</summary>
    private static readonly SimDuration ReorderTimerSlack = SimDuration.FromMilliseconds(2);

    private LossState? _loss;         // made at the first sign of loss or reordering: most connections never need it
    private ReceiverSack? _sack;      // made when there is first something to report

    /// <summary>The sender's loss-recovery state (Linux tcp_sock: icsk_ca_state, high_seq, rack, the reno sacked_out).</summary>
    private sealed class LossState
    {
        public CaState State;         // icsk_ca_state
        public SeqNum HighSeq;        // high_seq: SND.NXT when recovery began; it ends once this is acknowledged
        public int DupAcks;           // duplicate ACKs since SND.UNA last moved, without SACK (tcp_add_reno_sack)
        public int MarkedLost;        // segments ever marked lost by an ACK or the reordering timer (tp->lost)
        public Rack Rack;
        public RateReduction Window;
    }

    /// <summary>In fast recovery with proportional rate reduction: the congestion window limits what leaves.</summary>
    private bool ReducingWindow => Settings.ProportionalRateReduction && CurrentCaState == CaState.Recovery;

    /// <summary>
    /// tcp_packets_in_flight: segments sent and neither SACKed nor marked lost, plus the resends of lost ones
    /// (packets_out − sacked_out − lost_out + retrans_out).
    /// </summary>
    private int InFlight()
    {
        int n = 0;
        for (int i = 0; i < _unacked.Count; i++)
        {
            SentSegment seg = _unacked[i];
            if (!seg.Sacked && !seg.LostNotResent) n++;
        }
        return n;
    }

    /// <summary>tcp_cwnd_test during recovery: one more segment may leave. Always true outside it.</summary>
    private bool CongestionWindowOpen => !ReducingWindow || InFlight() < Loss.Window.Cwnd;

    /// <summary>A segment, resent or new, left while the window is being reduced (prr_out).</summary>
    private void CountReducedSend()
    {
        if (ReducingWindow) Loss.Window.Sent();
    }

    private LossState Loss => _loss ??= new LossState();

    private CaState CurrentCaState => _loss?.State ?? CaState.Open;

    /// <summary>Both ends sent SACK-permitted in their SYNs (RFC 2018 section 2; Linux tcp_is_sack).</summary>
    private bool SackOn => _peerSack && Settings.SackPermitted;

    /// <summary>The congestion-avoidance state machine's loss states (Linux enum tcp_ca_state, without CWR).</summary>
    private enum CaState
    {
        /// <summary>Nothing suspicious.</summary>
        Open,
        /// <summary>SACKs or duplicate ACKs seen, no loss proven yet.</summary>
        Disorder,
        /// <summary>Fast recovery: lost segments resent, until SND.NXT at its start is acknowledged.</summary>
        Recovery,
        /// <summary>After an RTO: everything outstanding counts as lost and is resent one per ACK.</summary>
        Loss,
    }

    private void ResetLossRecovery()
    {
        _loss = null;
        _sack = null;
    }

    // ---- Receiver: SACK blocks (tcp_sack_new_ofo_skb, tcp_sack_remove, tcp_dsack_set, tcp_dsack_extend) -------------

    /// <summary>
    /// Out-of-order data (tcp_data_queue_ofo): kept for later, unless all of it is already here (then a duplicate, the
    /// D-SACK reports it); either way its SACK block moves to the front.
    /// </summary>
    private void QueueOutOfOrder(SeqNum seq, int length, bool fin, in ConnectionId origin)
    {
        SeqNum end = seq + length + (fin ? 1 : 0);
        bool duplicate = false;
        for (int i = 0; i < _outOfOrder.Count && !duplicate; i++)
        {
            var (oSeq, oLength, oFin, _) = _outOfOrder[i];
            SeqNum oEnd = oSeq + oLength + (oFin ? 1 : 0);
            if (end <= oSeq || oEnd <= seq) continue;
            duplicate = oSeq <= seq && end <= oEnd;
            if (SackOn) Sack.SetDsack(Later(seq, oSeq), Earlier(end, oEnd));
            break;
        }
        if (!duplicate) _outOfOrder.Add((seq, length, fin, origin));
        if (SackOn) Sack.OnOutOfOrder(seq, end);
    }

    /// <summary>Data already received arrived again (tcp_dsack_set): the next ACK carries it as a D-SACK block.</summary>
    private void ReportDuplicate(SeqNum seq, SeqNum end)
    {
        if (SackOn) Sack.SetDsack(seq, Earlier(end, RcvNxt));
    }

    /// <summary>Buffered out-of-order data that was delivered in order meanwhile (tcp_ofo_queue → tcp_dsack_extend).</summary>
    private void ExtendDuplicate(SeqNum seq, SeqNum end, SeqNum high)
    {
        if (SackOn) Sack.ExtendDsack(seq, Earlier(end, high));
    }

    private ReceiverSack Sack => _sack ??= new ReceiverSack();

    private static SeqNum Earlier(SeqNum a, SeqNum b) => a < b ? a : b;

    private static SeqNum Later(SeqNum a, SeqNum b) => a > b ? a : b;

    // ---- Sender: the scoreboard (tcp_sacktag_write_queue) ----------------------------------------------------------

    /// <summary>What the SACK option of one ACK changed on the scoreboard.</summary>
    private readonly record struct SackTagResult(int NewlySacked, bool Dsack, SimDuration? Rtt);

    /// <summary>
    /// tcp_sacktag_write_queue: a D-SACK block (below SEG.ACK, or inside the second block: tcp_check_dsack) reports a
    /// duplicate and marks nothing; every other valid block marks the whole segments it covers SACKed. Each newly
    /// SACKed segment advances RACK (tcp_sacktag_one → tcp_rack_advance); one sent once gives the RTT sample (the
    /// earliest sent, sack_rtt_us) and, below a segment SACKed before, shows reordering.
    /// </summary>
    private SackTagResult SackTag(in Segment s)
    {
        ReadOnlySpan<SackBlock> blocks = s.Options.Sack.AsSpan();
        if (blocks.IsEmpty || !SackOn) return default;
        bool dsack = blocks[0].Left < s.Ack
            || (blocks.Length > 1 && blocks[1].Left <= blocks[0].Left && blocks[0].Right <= blocks[1].Right);
        if (dsack) blocks = blocks[1..];
        SeqNum priorFack = Fack();
        bool sackedBefore = priorFack != SndUna;
        int newly = 0;
        SimTime? firstSent = null;
        // Segments in sequence order, as Linux walks the blocks sorted: the last one tagged sets rack.rtt_us.
        for (int i = 0; i < _unacked.Count; i++)
        {
            SentSegment seg = _unacked[i];
            if (seg.Sacked || !InAnyBlock(blocks, seg.Seq, seg.End, s.Ack)) continue;
            Loss.Rack.Advance(seg.Retransmitted, seg.End, seg.LastSent, _ctx.Now, _rtt.MinRtt);
            if (!seg.Retransmitted)
            {
                if (firstSent is not SimTime t || seg.LastSent < t) firstSent = seg.LastSent;
                if (sackedBefore && seg.Seq < priorFack) Loss.Rack.ReorderingSeen = true;   // tcp_check_sack_reordering
            }
            _unacked[i] = seg with { Marks = ScoreboardMarks.Sacked };
            newly++;
        }
        return new SackTagResult(newly, dsack, firstSent is SimTime sent ? _ctx.Now - sent : null);
    }

    /// <summary>The segment lies whole inside a valid block (tcp_is_sackblock_valid: within SND.UNA..SND.NXT).</summary>
    private bool InAnyBlock(ReadOnlySpan<SackBlock> blocks, SeqNum seq, SeqNum end, SeqNum ack)
    {
        foreach (SackBlock b in blocks)
            if (b.Left < b.Right && b.Right <= SndNxt && b.Left >= ack && b.Left <= seq && end <= b.Right) return true;
        return false;
    }

    /// <summary>tcp_highest_sack_seq: the start of the highest SACKed segment; SND.UNA when none is.</summary>
    private SeqNum Fack()
    {
        for (int i = _unacked.Count - 1; i >= 0; i--)
            if (_unacked[i].Sacked) return _unacked[i].Seq;
        return SndUna;
    }

    private int SackedOut()
    {
        int n = 0;
        for (int i = 0; i < _unacked.Count; i++) if (_unacked[i].Sacked) n++;
        return n;
    }

    private int LostNotResent()
    {
        int n = 0;
        for (int i = 0; i < _unacked.Count; i++) if (_unacked[i].LostNotResent) n++;
        return n;
    }

    /// <summary>An RTT sample from SACKed segments alone (tcp_ack_update_rtt): a valid sample also ends the backoff.</summary>
    private void TakeRttSample(SimDuration rtt)
    {
        _rtt.Sample(rtt);
        _backoff = 0;
    }

    // ---- Sender: deciding what is lost (tcp_ack → tcp_fastretrans_alert) ------------------------------------------

    /// <summary>
    /// After an ACK for data in flight: the loss state machine runs for a doubtful ACK (tcp_ack_is_dubious: a
    /// duplicate, new SACK or D-SACK information, or any state but Open); then the RTO or probe timer is re-armed if
    /// the ACK advanced SND.UNA and RACK did not arm its own (FLAG_SET_XMIT_TIMER), and what is lost is resent
    /// (tcp_xmit_recovery).
    /// </summary>
    private void OnAckForData(bool advanced, bool notDuplicate, in SackTagResult sack, int delivered)
    {
        if (_unacked.Count == 0) return;
        bool setTimer = advanced;
        bool resend = false;
        int lostBefore = _loss?.MarkedLost ?? 0;
        if (!notDuplicate || sack.NewlySacked > 0 || sack.Dsack || CurrentCaState != CaState.Open)
            resend = FastRetransAlert(advanced, duplicate: !notDuplicate && !sack.Dsack, ref setTimer);
        // tcp_cong_control: in recovery the window follows what this ACK delivered.
        if (ReducingWindow) Loss.Window.OnDelivered(delivered, Loss.MarkedLost - lostBefore, advanced, InFlight());
        if (setTimer && !ScheduleLossProbe(advancingRto: true)) RearmRto();
        if (resend) RetransmitLost(fromReorderTimer: false);
    }

    /// <summary>
    /// tcp_fastretrans_alert without the congestion window: in Recovery each ACK looks for more losses; after an RTO
    /// (Loss) each ACK that advances resends the next lost segment; otherwise a proven loss starts Recovery
    /// (tcp_time_to_recover: a segment marked lost), and without one the state is Disorder while SACKs or duplicate
    /// ACKs are outstanding, else Open (tcp_try_keep_open). True: resend what is marked lost.
    /// </summary>
    private bool FastRetransAlert(bool advanced, bool duplicate, ref bool setTimer)
    {
        LossState loss = Loss;
        switch (loss.State)
        {
            case CaState.Recovery:
                if (!SackOn && duplicate) loss.DupAcks++;
                IdentifyLoss(advanced, ref setTimer);
                return true;
            case CaState.Loss:
                return advanced;
            default:
                if (!SackOn)
                {
                    if (advanced) loss.DupAcks = 0;                       // tcp_reset_reno_sack
                    if (duplicate) loss.DupAcks++;                        // tcp_add_reno_sack
                }
                IdentifyLoss(advanced, ref setTimer);
                if (LostNotResent() == 0)
                {
                    loss.State = SackedOut() > 0 || loss.DupAcks > 0 ? CaState.Disorder : CaState.Open;
                    return false;
                }
                EnterRecovery();
                return true;
        }
    }

    /// <summary>
    /// tcp_identify_packet_loss: without SACK, NewReno (tcp_newreno_mark_lost: the head after DupThresh duplicate
    /// ACKs, or after a partial ACK in Recovery, RFC 6582); with SACK, RACK, or where RACK is off the RFC 6675 rule.
    /// </summary>
    private void IdentifyLoss(bool advanced, ref bool setTimer)
    {
        if (_unacked.Count == 0) return;
        if (!SackOn)
        {
            bool markHead = Loss.State == CaState.Recovery ? advanced : Loss.DupAcks >= Settings.DupAckThreshold;
            if (markHead && (_unacked[0].Marks & ScoreboardMarks.Lost) == 0) MarkLost(0);
            return;
        }
        if (Settings.RackLossDetection)
        {
            if (RackMarkLost()) setTimer = false;                         // the reordering timer is armed instead
            return;
        }
        MarkLostByDupThreshold();
    }

    /// <summary>RFC 6675 IsLost (Linux tcp_update_scoreboard without RACK): DupThresh segments SACKed above a hole prove it lost.</summary>
    private void MarkLostByDupThreshold()
    {
        int sackedAbove = 0;
        for (int i = _unacked.Count - 1; i >= 0; i--)
        {
            SentSegment seg = _unacked[i];
            if (seg.Sacked) sackedAbove++;
            else if (sackedAbove >= Settings.DupAckThreshold && (seg.Marks & ScoreboardMarks.Lost) == 0) MarkLost(i);
        }
    }

    /// <summary>
    /// tcp_rack_mark_lost: after a delivery, mark lost what RACK proves lost; for segments still inside their
    /// reordering window arm the reordering timer (TCP_TIMEOUT_MIN_US later than the last of them expires, in whole
    /// ticks), which takes the place of the RTO and probe timers. True when the timer was armed.
    /// </summary>
    private bool RackMarkLost()
    {
        if (_loss is not { Rack.Advanced: true } loss) return false;
        loss.Rack.Advanced = false;
        SimDuration wait = RackDetectLoss();
        if (wait <= SimDuration.Zero) return false;
        Cancel(TimerKind.Retransmit);
        Cancel(TimerKind.LossProbe);
        Arm(TimerKind.Reorder, Settings.InTicks(wait + ReorderTimerSlack));
        return true;
    }

    /// <summary>
    /// tcp_rack_detect_loss (RFC 8985 6.2): a segment sent before the one RACK last saw delivered, neither
    /// acknowledged nor SACKed, is lost once RACK.rtt plus the reordering window has passed since its last
    /// transmission. Returns the longest wait of those not lost yet (zero: none).
    /// </summary>
    private SimDuration RackDetectLoss()
    {
        LossState loss = Loss;
        SimDuration reoWnd = loss.Rack.ReorderWindow(loss.State >= CaState.Recovery, SackedOut(), Settings.DupAckThreshold, _rtt.MinRtt, _rtt.Srtt);
        SimDuration wait = SimDuration.Zero;
        for (int i = 0; i < _unacked.Count; i++)
        {
            SentSegment seg = _unacked[i];
            if (seg.Sacked || seg.LostNotResent || !loss.Rack.SentBefore(seg.LastSent, seg.End)) continue;
            SimDuration remaining = loss.Rack.Remaining(seg.LastSent, reoWnd, _ctx.Now);
            if (remaining <= SimDuration.Zero) MarkLost(i);
            else wait = SimDuration.Max(wait, remaining);
        }
        return wait;
    }

    /// <summary>
    /// The reordering timer fired (tcp_rack_reo_timeout): what is lost now starts Recovery and is resent; the RTO is
    /// then armed for the oldest segment in flight.
    /// </summary>
    private void OnReorderTimeout()
    {
        if (_unacked.Count == 0) return;
        int before = LostNotResent();
        RackDetectLoss();
        if (LostNotResent() != before)
        {
            if (CurrentCaState != CaState.Recovery)
            {
                EnterRecovery();
                if (ReducingWindow) Loss.Window.OnDelivered(1, 0, unaAdvanced: false, InFlight());
            }
            RetransmitLost(fromReorderTimer: true);
        }
        if (!Armed(TimerKind.Retransmit)) RearmRto(replacesProbe: true);
    }

    /// <summary>tcp_mark_skb_lost: lost, and a retransmission of it in flight is lost too (it will be resent again).</summary>
    private void MarkLost(int index)
    {
        SentSegment seg = _unacked[index];
        _unacked[index] = seg with { Marks = (seg.Marks | ScoreboardMarks.Lost) & ~ScoreboardMarks.ResentSinceLost };
        Loss.MarkedLost++;
    }

    private void MarkRetransmitted(int index)
    {
        SentSegment seg = _unacked[index];
        _unacked[index] = seg with { Marks = seg.Marks | ScoreboardMarks.ResentSinceLost };
    }

    /// <summary>
    /// tcp_enter_recovery: Recovery lasts until SND.NXT of now is acknowledged; a pending probe is forgotten and the
    /// window reduction starts (tcp_init_cwnd_reduction).
    /// </summary>
    private void EnterRecovery()
    {
        Loss.State = CaState.Recovery;
        Loss.HighSeq = SndNxt;
        _tlp.Reset();
        if (Settings.ProportionalRateReduction) Loss.Window.Start();
    }

    /// <summary>Everything outstanding when recovery began is acknowledged: back to Open (tcp_end_cwnd_reduction after Recovery).</summary>
    private void EndRecovery(LossState loss)
    {
        if (loss.State == CaState.Recovery && Settings.ProportionalRateReduction) loss.Window.End();
        loss.State = CaState.Open;
    }

    /// <summary>tcp_enter_loss: the RTO fired; every segment not SACKed counts as lost.</summary>
    private void EnterLoss()
    {
        LossState loss = Loss;
        loss.State = CaState.Loss;
        loss.HighSeq = SndNxt;
        loss.DupAcks = 0;
        _tlp.Reset();
        Cancel(TimerKind.Reorder);
        for (int i = 0; i < _unacked.Count; i++)
            if (!_unacked[i].Sacked) _unacked[i] = _unacked[i] with { Marks = ScoreboardMarks.Lost };
    }

    /// <summary>
    /// tcp_xmit_retransmit_queue: resend the segments marked lost and not resent since, in order, while the window
    /// allows (in recovery, what proportional rate reduction lets go; after an RTO one per ACK: the window restarts at
    /// one segment). Resending the oldest restarts the RTO, unless the reordering timer governs.
    /// </summary>
    private void RetransmitLost(bool fromReorderTimer)
    {
        int budget = CurrentCaState == CaState.Loss ? 1 : int.MaxValue;
        bool rearm = false;
        for (int i = 0; i < _unacked.Count && budget > 0; i++)
        {
            if (!_unacked[i].LostNotResent) continue;
            if (!CongestionWindowOpen) break;
            Retransmit(i);
            MarkRetransmitted(i);
            CountReducedSend();
            if (!_retransStamp.HasValue) _retransStamp = _ctx.Now;   // tcp_retransmit_skb: retrans_stamp
            budget--;
            if (i == 0 && !fromReorderTimer && !Armed(TimerKind.Reorder)) rearm = true;
        }
        if (!rearm) return;
        Cancel(TimerKind.LossProbe);
        Arm(TimerKind.Retransmit, CurrentRto);
    }

    /// <summary>Nothing left in flight: no loss timer runs.</summary>
    private void CancelLossTimers()
    {
        Cancel(TimerKind.Retransmit);
        Cancel(TimerKind.LossProbe);
        Cancel(TimerKind.Reorder);
    }
}

/// <summary>A sent segment's place on the scoreboard (Linux TCPCB_SACKED_ACKED, TCPCB_LOST, TCPCB_SACKED_RETRANS).</summary>
[Flags]
internal enum ScoreboardMarks : byte
{
    None = 0,
    /// <summary>The peer holds it (a SACK block covered it).</summary>
    Sacked = 1,
    /// <summary>Declared lost (RACK, the duplicate-ACK threshold, or the RTO).</summary>
    Lost = 2,
    /// <summary>Resent after it was declared lost; that copy is in flight.</summary>
    ResentSinceLost = 4,
}
