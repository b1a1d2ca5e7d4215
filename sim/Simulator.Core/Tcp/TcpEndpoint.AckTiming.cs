using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tcp;

/// <summary>
/// When an ACK leaves: at once or after the delayed-ACK timeout (ato). Linux's rules, with its function names:
/// <list type="bullet">
/// <item>tcp_event_data_recv: the first data segment starts the engine (quick-ACK credit, ato = TCP_ATO_MIN); later
/// ones adapt ato to the gap since the previous one, and a gap longer than the RTO refills the quick-ACK credit.</item>
/// <item>__tcp_ack_snd_check: ACK now for more than one full segment unacknowledged if the window does not shrink,
/// in quick-ACK mode (credit left and not interactive: tcp_in_quickack_mode), or when a duplicate asked for it; else
/// tcp_send_delayed_ack.</item>
/// <item>tcp_send_delayed_ack: the timer runs for ato (bounded by SRTT and TCP_DELACK_MAX); ato is 0 until data
/// arrives, so a FIN on a connection that carried no data is ACKed at the next timer tick (one jiffy).</item>
/// <item>Interactive ("pingpong") mode: data sent within ato of receiving data counts a reply
/// (tcp_event_data_sent); a FIN in ESTABLISHED enters the mode (tcp_fin); inet_csk_in_pingpong_mode compares the
/// count with tcp_pingpong_thresh. The delayed-ACK timer firing leaves it (tcp_delack_timer_handler).</item>
/// <item>tcp_enter_quickack_mode: a duplicate segment leaves interactive mode and refills the credit.</item>
/// </list>
/// The rfc9293 profile (no delayed ACK) acknowledges every segment at once.
/// </summary>
public sealed partial class TcpEndpoint
{
    /// <summary>TCP_DELACK_MAX: the longest a delayed ACK waits (icsk_delack_max).</summary>
    private static readonly SimDuration DelayedAckMax = SimDuration.FromMilliseconds(200);
    /// <summary>HZ/2: the bound on ato outside interactive mode (tcp_send_delayed_ack).</summary>
    private static readonly SimDuration DelayedAckMaxBulk = SimDuration.FromMilliseconds(500);

    private bool _ackPending;         // received data or FIN not yet acknowledged (inet_csk_ack_scheduled)
    private bool _ackNow;             // the next ACK check sends at once (ICSK_ACK_NOW: a gap was filled)
    private long _rcvUnacked;         // payload bytes received since our last ACK (rcv_nxt - rcv_wup)
    private int _quickAcks;           // quick-ACK credit (icsk_ack.quick)
    private int _pingpong;            // replies counted towards interactive mode (icsk_ack.pingpong)
    private SimDuration _ato;         // delayed-ACK timeout (icsk_ack.ato); zero until the first data arrives
    private SimTime _lastDataReceived; // icsk_ack.lrcvtime

    private bool InPingpongMode => _pingpong >= Settings.PingpongThreshold;   // inet_csk_in_pingpong_mode
    private bool InQuickAckMode => _quickAcks > 0 && !InPingpongMode;          // tcp_in_quickack_mode

    /// <summary>New in-order payload arrived (tcp_event_data_recv).</summary>
    private void OnDataReceived()
    {
        _ackPending = true;
        SimTime now = _ctx.Now;
        if (Settings.DelayedAck is SimDuration atoMin)
        {
            if (_ato == SimDuration.Zero)
            {
                IncreaseQuickAcks();                                      // the first data segment
                _ato = atoMin;
            }
            else
            {
                SimDuration gap = now - _lastDataReceived;
                if (gap <= atoMin / 2) _ato = _ato / 2 + atoMin / 2;
                else if (gap < _ato) _ato = SimDuration.Min(_ato / 2 + gap, CurrentRto);
                else if (gap > CurrentRto) IncreaseQuickAcks();           // a long silence: ACK quickly again
            }
        }
        _lastDataReceived = now;
    }

    /// <summary>A FIN arrived in ESTABLISHED: the application will likely answer (tcp_fin → inet_csk_enter_pingpong_mode).</summary>
    private void EnterPingpongMode() => _pingpong = Settings.PingpongThreshold;

    /// <summary>Data left within ato of the last data received: one more reply (tcp_event_data_sent).</summary>
    private void OnDataSent()
    {
        if (_ctx.Now - _lastDataReceived < _ato && _pingpong < byte.MaxValue) _pingpong++;
    }

    /// <summary>A duplicate or out-of-window segment: ACK at once and leave interactive mode (tcp_enter_quickack_mode).</summary>
    private void EnterQuickAckMode()
    {
        _ackPending = true;
        if (Settings.DelayedAck is not SimDuration atoMin) return;
        IncreaseQuickAcks();
        _pingpong = 0;
        _ato = atoMin;
    }

    /// <summary>tcp_incr_quickack: credit for half the window offered last (rcv_wnd) in segments as seen, 2 to quick_acks.</summary>
    private void IncreaseQuickAcks()
    {
        int credit = (int)Math.Min(_rcv.Offered / (2u * (uint)_rcvMss), int.MaxValue);
        if (credit == 0) credit = 2;
        credit = Math.Min(credit, Settings.QuickAcks);
        if (credit > _quickAcks) _quickAcks = credit;
    }

    /// <summary>Sends the pending ACK now or arms the delayed-ACK timer (__tcp_ack_snd_check).</summary>
    private void AckSendCheck()
    {
        if (!_ackPending) return;
        if (Settings.DelayedAck is null || MoreThanOneSegmentAndWindowAdvances || InQuickAckMode || _ackNow)
        {
            SendAck();
            return;
        }
        SendDelayedAck();
    }

    /// <summary>
    /// __tcp_ack_snd_check: more than one full segment (the peer's, icsk_ack.rcv_mss) received since the last ACK, and
    /// the window we would offer now (__tcp_select_window) is at least the one offered last (rcv_wnd): unread data
    /// that shrinks the window holds the ACK back for the delayed-ACK timer (the read will send it, tcp_cleanup_rbuf).
    /// </summary>
    private bool MoreThanOneSegmentAndWindowAdvances =>
        _rcvUnacked > _rcvMss && _rcv.Select(Settings, _rcvMss, RcvShift) >= _rcv.Offered;

    /// <summary>tcp_send_delayed_ack: arm the timer for ato, keeping an earlier deadline already set.</summary>
    private void SendDelayedAck()
    {
        SimDuration ato = _ato;
        if (ato > Settings.DelayedAck!.Value)
        {
            SimDuration maxAto = InPingpongMode ? DelayedAckMax : DelayedAckMaxBulk;
            if (_rtt.Srtt is SimDuration srtt) maxAto = SimDuration.Min(maxAto, SimDuration.Max(srtt, Settings.DelayedAck.Value));
            ato = SimDuration.Min(ato, maxAto);
        }
        ato = SimDuration.Min(ato, DelayedAckMax);
        // ato 0 (no data yet): timeout = jiffies, a timer already due, which the timer wheel runs at the next tick.
        if (ato == SimDuration.Zero && Settings.TimerTick is SimDuration tick) ato = tick;
        ref TimerSlot slot = ref _timers[(int)TimerKind.DelayedAck];
        if (slot.Armed && slot.Deadline <= _ctx.Now + ato) return;
        Arm(TimerKind.DelayedAck, ato);
    }

    /// <summary>The delayed-ACK timer fired (tcp_delack_timer_handler).</summary>
    private void OnDelayedAckTimeout()
    {
        if (!_ackPending) return;
        if (InPingpongMode)
        {
            _pingpong = 0;                                                // a missed reply leaves interactive mode
            _ato = Settings.DelayedAck ?? SimDuration.Zero;
        }
        else
        {
            _ato = SimDuration.Min(_ato * 2, CurrentRto);                 // the delayed ACK was missed: inflate ato
        }
        SendAck();
    }

    /// <summary>An ACK left (tcp_event_ack_sent): spend one quick-ACK credit if it acknowledged something new.</summary>
    private void OnAckSent()
    {
        if (_ackPending && _quickAcks > 0 && --_quickAcks == 0 && Settings.DelayedAck is SimDuration atoMin)
            _ato = atoMin;                                                // leaving quick-ACK mode deflates ato
        _ackPending = _ackNow = false;
        _rcvUnacked = 0;
        Cancel(TimerKind.DelayedAck);
    }

    private void ResetAckTiming()
    {
        _ackPending = _ackNow = false;
        _rcvUnacked = 0;
        _quickAcks = _pingpong = 0;
        _ato = SimDuration.Zero;
    }
}
