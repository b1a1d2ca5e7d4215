using Simulator.Core.Scenarios;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tcp;

/// <summary>
/// The state machine: how each state answers each segment (RFC 9293 3.10.7, with RFC 5961 challenge ACKs and the
/// Linux behaviours the linux profile reproduces), what each timer expiry does, and how data, ACKs and FINs leave.
/// </summary>
public sealed partial class TcpEndpoint
{
    private static readonly SimDuration OneMillisecond = SimDuration.FromMilliseconds(1);

    private bool _active;             // opened by connect(), not accepted by a listener
    private bool _orphaned;           // close() called: the application is gone (Linux SOCK_DEAD)
    private bool _finQueued;          // close() or shutdown(): FIN after the queued data
    private bool _finSent;
    private long _unsent;             // written by the application, not yet sent
    private long _written;            // written on this connection
    private int _backoff;             // RTO doublings in force
    private int _retransmits;         // consecutive RTO expiries
    private int _synLinearExpiries;   // RTO expiries in SYN-SENT (tcp_syn_linear_timeouts)
    private int _synAckTimeouts;      // a passive SYN-RECEIVED's SYN-ACK timeouts (request socket num_timeout)
    private bool _synRetransmitted;
    private SimTime _connectStarted;
    private int _peerMss = 536;       // RFC 9293 3.7.1 default send MSS
    private bool _tsOn;               // both ends sent timestamps in their SYNs (RFC 7323)
    private uint _tsRecent;
    private SeqNum _lastAckSentRcvNxt;
    private TailLossProbe _tlp;
    private OptionalTime _retransStamp;   // first retransmission by the RTO of this loss episode (Linux retrans_stamp)
    private OptionalTime _lastOutOfWindowAck;
    private bool _errorPending;       // Error not yet reported by a read or write (Linux sk_err)
    private long _readWanted;         // bytes a blocking read still waits for (reads: manual)
    private int _rcvMss;              // the peer's segment size as seen (icsk_ack.rcv_mss, tcp_measure_rcv_mss)
    private int _probesOut;           // zero-window probes since the last ACK (icsk_probes_out)

    private bool Passive => Listener is not null;
    private uint _maxWindow;          // the largest window the peer offered (max_window)
    private long _pushed;             // data bytes up to the last PSH mark (pushed_seq)
    private bool _pushCarried;        // the rest of a segment split by a window probe carries its PSH
    private int SendMss => BoundToHalfWindow(Math.Max(1, Math.Min(Settings.Mss, _peerMss) - (_tsOn ? 12 : 0))); // 12: timestamp option
    /// <summary>Our window scale shift, once both SYNs carried the option (rcv_wscale); 0 without it.</summary>
    private int RcvShift => Settings.WindowScale >= 0 && _peerWindowScale >= 0 ? Settings.WindowScale : 0;

    /// <summary>
    /// Linux tcp_bound_to_half_wnd (via tcp_sync_mss): a segment is at most half the largest window the peer has
    /// offered (all of it below TCP_MSS_DEFAULT), so that a small receiver still gets two segments in flight.
    /// </summary>
    private int BoundToHalfWindow(int mss)
    {
        if (!Settings.BoundToHalfWindow) return mss;
        uint cutoff = _maxWindow > 536 ? _maxWindow / 2 : _maxWindow;
        return cutoff > 0 && mss > cutoff ? Math.Max((int)cutoff, 68 - (20 + (_tsOn ? 12 : 0))) : mss;
    }

    /// <summary>The peer's window as it arrived (tcp_ack_update_window: max_window follows the largest).</summary>
    private void TakeSendWindow(uint window)
    {
        SndWnd = window;
        if (window > _maxWindow) _maxWindow = window;
    }
    private bool FinAcked => _finSent && SndUna == SndNxt;
    /// <summary>
    /// TSval: a millisecond clock plus an offset fixed per address pair, as Linux (tcp_time_stamp_ts + ts_offset from
    /// secure_tcp_ts_off(saddr, daddr)). Being the same for every connection between two hosts, it keeps TSvals
    /// rising across incarnations of a 4-tuple, which is what lets a new SYN reopen a TIME-WAIT (RFC 6191).
    /// </summary>
    private uint TsNow => unchecked((uint)(_ctx.Now.Nanoseconds / 1_000_000) + TimestampOffset(Local.Ip, Remote.Ip));

    private static uint TimestampOffset(Network.Ipv4Address local, Network.Ipv4Address remote)
    {
        ulong x = ((ulong)local.Value << 32) | remote.Value;
        x = (x ^ (x >> 33)) * 0xFF51AFD7ED558CCDUL;   // a 64-bit finalizer (MurmurHash3 fmix64)
        x = (x ^ (x >> 33)) * 0xC4CEB9FE1A85EC53UL;
        return (uint)(x ^ (x >> 33)) | 1u;
    }

    /// <summary>
    /// A segment for this endpoint arrived (RFC 9293 3.10.7). While the application is inside a write that is still
    /// handing its segments to the link, Linux's socket is owned by the user (sock_owned_by_user) and the segment
    /// waits in the socket backlog (tcp_add_backlog) until the write returns (release_sock).
    /// </summary>
    public void OnSegment(in Segment s)
    {
        if (_writing && Armed(TimerKind.SmallQueue))
        {
            _backlog.Add(s);
            return;
        }
        Process(s);
    }

    private void Process(in Segment s)
    {
        switch (State)
        {
            case TcpState.Closed:
                return;
            case TcpState.Listen:
                OnSegmentInListen(s);
                return;
            case TcpState.SynSent:
                OnSegmentInSynSent(s);
                return;
            case TcpState.TimeWait:
                OnSegmentInTimeWait(s);
                return;
            default:
                OnSegmentSynchronized(s);
                return;
        }
    }

    // ---- LISTEN (3.10.7.2) -------------------------------------------------------------------------------------

    /// <param name="timeWaitIss">For a SYN that ended a TIME-WAIT, the ISS it chose for the new connection.</param>
    private void OnSegmentInListen(in Segment s, SeqNum? timeWaitIss = null)
    {
        if (s.Is(TcpFlags.Rst)) return;                                   // an RST for a listener: ignore
        if (s.Is(TcpFlags.Ack))
        {
            if (Settings.SynCookies && !s.Is(TcpFlags.Syn) && TakeCookie(s)) return;
            Reply(s, s.Ack, default, TcpFlags.Rst);                       // any ACK: <SEQ=SEG.ACK><CTL=RST>
            return;
        }
        if (!s.Is(TcpFlags.Syn)) return;
        // tcp_conn_request: a full SYN queue sends a cookie (or drops the SYN without them); a full accept queue
        // drops the SYN either way, and the client will retransmit it.
        bool cookie = SynQueueFull;
        if (cookie && !Settings.SynCookies)
        {
            _ctx.Trace?.Add(new AppResult(_ctx.Now, Name, "syn_flood", "SYN dropped", "SYN queue full, no SYN cookies (tcp_syn_flood_action)"));
            return;
        }
        if (AcceptQueueFull)
        {
            _ctx.Trace?.Add(new AppResult(_ctx.Now, Name, "listen_overflow", "SYN dropped", "accept queue full (tcp_conn_request; nstat ListenOverflows)"));
            return;
        }
        if (cookie) SendSynCookie(s);
        else _ctx.Spawn(this, s).OpenPassive(s, timeWaitIss);             // SYN: a new connection in SYN-RECEIVED
    }

    /// <summary>
    /// A listener's new connection takes the peer's SYN and our ISN <paramref name="iss"/>: still its listener's copy
    /// (LISTEN), registered under its 4-tuple, nothing sent.
    /// </summary>
    private void StartFromSyn(in Segment syn, SeqNum iss)
    {
        ResetConnection();
        Remote = syn.Source;
        Irs = syn.Seq;
        Peer = syn.Origin;
        RcvNxt = syn.Seq + 1;
        _lastAckSentRcvNxt = RcvNxt;
        Iss = iss;
        SndUna = Iss;
        _sndSml = Iss;
        SndNxt = Iss;
        TakePeerSynOptions(syn);
        _ctx.SetRegistered(this, true);
        State = TcpState.Listen;                                          // a child starts as its listener's copy
    }

    /// <summary>
    /// An accepted connection starts from its listener's SYN (RFC 9293 3.10.7.2, third check), with the ISS a
    /// TIME-WAIT it replaces chose (<paramref name="iss"/>), else a fresh one.
    /// </summary>
    internal void OpenPassive(in Segment syn, SeqNum? iss = null)
    {
        StartFromSyn(syn, iss ?? new SeqNum(_ctx.NextIsn(this)));
        if (Settings.Handshake == HandshakeVariant.TwoWay)
        {
            // Variant handshake: two-way: no third segment is awaited, the connection is ESTABLISHED as its
            // SYN-ACK leaves (not TCP: RFC 9293 3.5 waits for the ACK in SYN-RECEIVED).
            SetState(TcpState.Established, "SYN received, SYN-ACK sent (handshake two-way: no ACK awaited)");
            SendSyn(ack: true);
            AfterEstablished();
            return;
        }
        SetState(TcpState.SynReceived, "SYN received (passive open)");
        SendSyn(ack: true);
    }

    // ---- SYN-SENT (3.10.7.3) -----------------------------------------------------------------------------------

    private void OnSegmentInSynSent(in Segment s)
    {
        bool ack = s.Is(TcpFlags.Ack);
        if (ack && (s.Ack <= Iss || s.Ack > SndNxt))
        {
            // Unacceptable ACK (an old SYN's SYN-ACK, Fig 8): <SEQ=SEG.ACK><CTL=RST>, stay in SYN-SENT.
            if (!s.Is(TcpFlags.Rst)) Reply(s, s.Ack, default, TcpFlags.Rst);
            return;
        }
        if (s.Is(TcpFlags.Rst))
        {
            // RST with an acceptable ACK: refused. Without ACK: drop.
            if (ack) Fail("ECONNREFUSED", "RST,ACK in SYN-SENT: connection refused");
            return;
        }
        if (!s.Is(TcpFlags.Syn)) return;

        Irs = s.Seq;
        RcvNxt = s.Seq + 1;
        _lastAckSentRcvNxt = RcvNxt;
        _rcv.Anchor(RcvNxt);
        TakePeerSynOptions(s);
        Peer = s.Origin;
        if (ack)
        {
            // SYN,ACK for our SYN: ESTABLISHED, and the third segment of the handshake at once.
            AcknowledgeUpTo(s);
            SetState(TcpState.Established, "SYN-ACK received");
            SendAck();
            AfterEstablished();
        }
        else
        {
            // A SYN while ours is unanswered: simultaneous open (Fig 7): SYN-RECEIVED, answer SYN,ACK.
            SetState(TcpState.SynReceived, "SYN received in SYN-SENT (simultaneous open)");
            Emit(Iss, TcpFlags.Syn | TcpFlags.Ack, 0, retransmission: false);
        }
    }

    // ---- SYN-RECEIVED and the synchronized states (3.10.7.4) ---------------------------------------------------

    private void OnSegmentSynchronized(in Segment s)
    {
        if (State == TcpState.SynReceived && s.Is(TcpFlags.Syn) && !s.Is(TcpFlags.Ack) && !s.Is(TcpFlags.Rst) && s.Seq == Irs)
        {
            // A retransmitted SYN: answer with the SYN-ACK again at once and restart its timer (Linux tcp_check_req).
            // The same SYN from a newer socket of the 4-tuple cannot be told apart on the wire: it is that one's now.
            if (s.Origin.Known) Peer = s.Origin;
            if (OutOfWindowAnswerAllowed())
            {
                Retransmit(0);
                if (Passive) Arm(TimerKind.Retransmit, SynAckTimeout());
            }
            return;
        }

        // Simultaneous open: the peer's SYN,ACK carries the SYN we already took; its ACK is new (RFC 793 Fig 8
        // lines 6-7; Linux tcp_validate_incoming lets it pass to the ACK step), its SYN a duplicate (see below).
        bool synAckOfSimultaneousOpen = State == TcpState.SynReceived && s.Is(TcpFlags.Syn) && s.Is(TcpFlags.Ack)
            && s.Length == 0 && s.Seq + 1 == RcvNxt && s.Ack == SndNxt;
        SeqNum seq = synAckOfSimultaneousOpen ? RcvNxt : s.Seq;
        int seqLength = synAckOfSimultaneousOpen ? 0 : s.SequenceLength;

        // First: sequence number acceptability. Unacceptable: ACK (unless RST) and drop.
        if (!Acceptable(seq, seqLength))
        {
            // Old data again: the peer missed our ACK, so ACK at once from now on (Linux tcp_send_dupack →
            // tcp_enter_quickack_mode).
            if (s.Length > 0 && seq < RcvNxt) EnterQuickAckMode();
            // tcp_send_dupack: data or a FIN already here is reported as a duplicate (D-SACK, RFC 2883); a SYN
            // meets a challenge ACK instead (tcp_validate_incoming).
            if (!s.Is(TcpFlags.Rst) && !s.Is(TcpFlags.Syn) && s.SequenceLength > 0 && seq < RcvNxt) ReportDuplicate(seq, seq + seqLength);
            if (!s.Is(TcpFlags.Rst) && (s.Length > 0 || OutOfWindowAnswerAllowed())) SendAck();
            return;
        }
        if (_tsOn && s.Options.HasTimestamp && seq <= _lastAckSentRcvNxt)
        {
            _tsRecent = s.Options.TsVal;                                  // RFC 7323 4.3
        }

        // Second: RST. Exactly at RCV.NXT resets; elsewhere in the window: challenge ACK (RFC 5961 3.2).
        if (s.Is(TcpFlags.Rst))
        {
            if (seq != RcvNxt)
            {
                if (OutOfWindowAnswerAllowed()) SendAck();
                return;
            }
            OnReset();
            return;
        }

        // Fourth: SYN in a synchronized state: challenge ACK (RFC 5961 4.2). In a passive SYN-RECEIVED a new SYN
        // drops the half-open connection, the listener stays in LISTEN (RFC 9293; Linux embryonic reset).
        if (s.Is(TcpFlags.Syn) && !synAckOfSimultaneousOpen)
        {
            if (State == TcpState.SynReceived && Passive)
            {
                Reply(s, s.Is(TcpFlags.Ack) ? s.Ack : default, default, TcpFlags.Rst);
                SetState(TcpState.Closed, "SYN in SYN-RECEIVED: half-open connection dropped, back to LISTEN");
                return;
            }
            if (OutOfWindowAnswerAllowed()) SendAck();
            return;
        }

        // Fifth: ACK.
        if (!s.Is(TcpFlags.Ack)) return;
        if (State == TcpState.SynReceived)
        {
            if (!(SndUna < s.Ack && s.Ack <= SndNxt))
            {
                Reply(s, s.Ack, default, TcpFlags.Rst);                   // <SEQ=SEG.ACK><CTL=RST>
                return;
            }
            // The ACK that completes the handshake says whose connection this is: an earlier socket of the 4-tuple
            // whose SYN carried the same ISN cannot be told apart from the one that answers now.
            if (s.Origin.Known) Peer = s.Origin;
            if (Listener is { AcceptQueueFull: true } && Settings.AbortOnOverflow)
            {
                // tcp_check_req → listen_overflow → embryonic_reset (tcp_abort_on_overflow = 1): the ACK is answered
                // with RST (tcp_v4_send_reset: SEQ = SEG.ACK) and the half-open connection dropped
                // (inet_csk_reqsk_queue_drop).
                _ctx.Trace?.Add(new AppResult(_ctx.Now, Name, "listen_overflow", "RST sent", "accept queue full, tcp_abort_on_overflow (tcp_check_req)"));
                Reply(s, s.Ack, default, TcpFlags.Rst);
                SetState(TcpState.Closed, "ACK for a full accept queue: reset (tcp_abort_on_overflow)");
                return;
            }
            if (Listener is { AcceptQueueFull: true })
            {
                // tcp_check_req → listen_overflow with tcp_abort_on_overflow = 0: the ACK is dropped, the
                // half-open connection stays and its SYN-ACK timer resends the SYN-ACK.
                _ctx.Trace?.Add(new AppResult(_ctx.Now, Name, "listen_overflow", "ACK dropped", "accept queue full (tcp_check_req; nstat ListenOverflows)"));
                return;
            }
            AcknowledgeUpTo(s);
            SetState(TcpState.Established, Passive ? "ACK of SYN-ACK (accepted)" : "SYN-ACK received (simultaneous open)");
            // The SYN of a simultaneous open's SYN,ACK lies below RCV.NXT: a duplicate, ACKed at once (Linux
            // tcp_data_queue: tcp_enter_quickack_mode), so each side ends the open with a pure ACK.
            if (synAckOfSimultaneousOpen)
            {
                EnterQuickAckMode();
                ReportDuplicate(s.Seq, s.Seq + 1);                        // its SYN: a D-SACK (tcp_data_queue → tcp_dsack_set)
            }
            AfterEstablished();
            AckSendCheck();
        }
        else
        {
            if (s.Ack > SndNxt)
            {
                SendAck();                                                // ACKs something not yet sent
                return;
            }
            bool nothingInFlight = _unacked.Count == 0;
            SeqNum priorUna = SndUna;
            bool notDuplicate = s.SequenceLength > 0 || s.Ack > SndUna || (s.Ack == SndUna && s.Window != SndWnd);
            SackTagResult sack = s.Ack >= SndUna && !nothingInFlight ? SackTag(s) : default;
            int delivered = sack.NewlySacked;                             // tp->delivered: SACKed now, or acknowledged
            if (s.Ack > SndUna) delivered += AcknowledgeUpTo(s, sack.Rtt);
            else if (s.Ack == SndUna)
            {
                if (sack.Rtt is SimDuration sackRtt) TakeRttSample(sackRtt);
                _tlp.OnAck(s.Ack, pureDuplicate: s.SequenceLength == 0 && s.Window == SndWnd && sack.NewlySacked == 0);
            }
            if (s.Ack >= SndUna)
            {
                TakeSendWindow(s.Window);
                _probesOut = 0;                                           // the peer answers (tcp_ack)
                if (nothingInFlight) AckProbe();
                else OnAckForData(SndUna != priorUna, notDuplicate, sack, delivered);
            }
            bool finHere = s.Is(TcpFlags.Fin) && s.Seq + s.Length == RcvNxt;
            switch (State)
            {
                case TcpState.FinWait1 when FinAcked && !finHere:
                    SetState(TcpState.FinWait2, "ACK of our FIN");
                    break;
                case TcpState.Closing when FinAcked:
                    EnterTimeWait("ACK of our FIN (simultaneous close)");
                    return;
                case TcpState.LastAck when FinAcked:
                    SetState(TcpState.Closed, "ACK of our FIN");
                    return;
            }
        }

        // Seventh and eighth: payload and FIN.
        if (s.Length > 0 || s.Is(TcpFlags.Fin)) OnText(s);
        if (State is TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.LastAck) Output();
    }

    /// <summary>RST at RCV.NXT (RFC 9293 3.10.7.4, second check).</summary>
    private void OnReset()
    {
        switch (State)
        {
            case TcpState.SynReceived when Passive:
                SetState(TcpState.Closed, "RST in SYN-RECEIVED: half-open connection dropped, back to LISTEN");
                break;
            case TcpState.SynReceived:
                Fail("ECONNREFUSED", "RST in SYN-RECEIVED (active open): connection refused");
                break;
            case TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2:
                Fail("ECONNRESET", "RST received: connection reset");
                break;
            case TcpState.CloseWait:
                // The peer had closed already: Linux tcp_reset sets EPIPE here, not ECONNRESET.
                Fail("EPIPE", "RST received in CLOSE-WAIT");
                break;
            case TcpState.LastAck or TcpState.Closing:
                // Our FIN was never acknowledged: the close ends in error (Linux tcp_reset sets ECONNRESET for
                // every state but SYN-SENT and CLOSE-WAIT; RFC 9293 3.10.7.4 only says enter CLOSED).
                Fail("ECONNRESET", "RST received before our FIN was acknowledged");
                break;
            default:
                SetState(TcpState.Closed, "RST received");
                break;
        }
    }

    /// <summary>Payload and FIN of an acceptable segment (RFC 9293 3.10.7.4, seventh and eighth).</summary>
    private void OnText(in Segment s)
    {
        SeqNum dataStart = s.Seq + (s.Is(TcpFlags.Syn) ? 1 : 0);
        SeqNum finAt = dataStart + s.Length;
        bool fin = s.Is(TcpFlags.Fin);
        if (State is not (TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2))
        {
            // The peer's FIN was already taken: a repeated FIN or data is answered with an ACK at once.
            if (dataStart < RcvNxt) ReportDuplicate(dataStart, finAt + (fin ? 1 : 0));
            SendAck();
            return;
        }
        if (_orphaned && Settings.ResetOnDataAfterClose && s.Length > 0 && finAt > RcvNxt)
        {
            // New data for a socket the application closed: Linux answers RST and drops the connection.
            Reply(s, s.Ack, default, TcpFlags.Rst);
            Fail("ECONNRESET", "data after close(): reset (Linux)");
            return;
        }
        if (dataStart > RcvNxt)
        {
            // Out of order: keep it for later, duplicate ACK at once (with its SACK block: tcp_data_queue_ofo).
            QueueOutOfOrder(dataStart, s.Length, fin, s.Origin);
            _ackPending = true;                                           // inet_csk_schedule_ack
            SendAck();
            return;
        }
        if (s.Length >= _rcvMss) _rcvMss = Math.Min(s.Length, Settings.Mss); // tcp_measure_rcv_mss
        long fresh = Math.Max(0, finAt - RcvNxt);
        bool finInOrder = fin && finAt == RcvNxt + (int)fresh;
        if (dataStart < RcvNxt) ReportDuplicate(dataStart, finAt + (fin ? 1 : 0)); // tcp_data_queue
        if (fresh > 0) Deliver(fresh, RcvNxt, s.Origin);
        bool hadOutOfOrder = _outOfOrder.Count > 0;
        finInOrder |= TakeOutOfOrder();
        // RFC 5681 4.2: the ACK for a segment that fills a gap leaves at once (tcp_data_queue: ICSK_ACK_NOW).
        if (hadOutOfOrder && _outOfOrder.Count == 0) _ackNow = true;
        if (finInOrder) OnFin();
        else if (fresh == 0) EnterQuickAckMode();                         // a duplicate: ACK at once
        _sack?.Remove(RcvNxt, _outOfOrder.Count == 0);                   // tcp_sack_remove
        AckSendCheck();
    }

    private void Deliver(long bytes, SeqNum first, in ConnectionId origin)
    {
        if (origin.Known && Peer.Known && origin != Peer)
        {
            // Bytes of an earlier incarnation of this 4-tuple, taken as this connection's own.
            StaleBytesReceived += bytes;
            _ctx.Trace?.Add(new StaleDataDelivered(_ctx.Now, Name, bytes, first, origin.Endpoint!.Name, origin.Open));
        }
        RcvNxt += bytes;
        BytesReceived += bytes;
        if (Settings.ManualReads)
        {
            _rcv.Queue(Settings, bytes, _ctx.Now, _rtt.Srtt ?? SimDuration.Zero);   // waits in the receive buffer
            if (_readWanted > 0) TakeRead(onArrival: true);
        }
        _rcvUnacked += bytes;
        OnDataReceived();
        if (_ctx.Trace is not null) Result("received", BytesReceived.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _ctx.Notify(this, AppEventKind.Received);
    }

    /// <summary>Delivers buffered out-of-order segments that now follow RCV.NXT; true when a FIN was among them.</summary>
    private bool TakeOutOfOrder()
    {
        bool fin = false;
        SeqNum dsackHigh = RcvNxt;                                        // tcp_ofo_queue: dsack_high
        for (bool progress = true; progress && _outOfOrder.Count > 0;)
        {
            progress = false;
            for (int i = 0; i < _outOfOrder.Count; i++)
            {
                var (seq, length, hasFin, origin) = _outOfOrder[i];
                SeqNum end = seq + length;
                if (seq > RcvNxt) continue;
                _outOfOrder.RemoveAt(i);
                if (seq < dsackHigh) ExtendDuplicate(seq, end + (hasFin ? 1 : 0), dsackHigh);
                if (end > RcvNxt) Deliver(end - RcvNxt, RcvNxt, origin);
                if (hasFin && end == RcvNxt) fin = true;
                progress = true;
                break;
            }
        }
        return fin;
    }

    /// <summary>The peer's FIN, in order (RFC 9293 3.10.7.4, eighth; Linux tcp_fin).</summary>
    private void OnFin()
    {
        RcvNxt += 1;
        _ackPending = true;                                               // inet_csk_schedule_ack
        _sack?.Reset();                                                   // tcp_fin: out-of-order data after a FIN is dropped
        EofReceived = true;
        Result("eof", "ok");
        _ctx.Notify(this, AppEventKind.Eof);
        switch (State)
        {
            case TcpState.Established:
                SetState(TcpState.CloseWait, "FIN received");
                // Linux enters interactive mode on a FIN: its ACK waits ato for the application's reply, so close()
                // soon after EOF sends ACK and FIN together; with no data ever received ato is 0 (AckTiming).
                EnterPingpongMode();
                break;
            case TcpState.FinWait1:
                // FIN that also ACKs our FIN: TIME-WAIT; otherwise CLOSING (RFC 9293 3.10.7.4).
                if (FinAcked) EnterTimeWait("FIN+ACK of our FIN received");
                else SetState(TcpState.Closing, "FIN received (simultaneous close)");
                SendAck();
                break;
            case TcpState.FinWait2:
                EnterTimeWait("FIN received");
                SendAck();
                break;
        }
    }

    /// <summary>TIME-WAIT (RFC 9293 3.10.7.4), or straight to CLOSED under the variant <c>time_wait: 0s</c>.</summary>
    private void EnterTimeWait(string cause)
    {
        if (Settings.SkipsTimeWait) SetState(TcpState.Closed, cause + " (time_wait 0s: no TIME-WAIT)");
        else
        {
            TimeWaitEntered = _ctx.Now;                                   // tcp_time_wait(): tw_entry_stamp
            SetState(TcpState.TimeWait, cause);
        }
    }

    // ---- TIME-WAIT (3.10.7.4; Linux tcp_timewait_state_process) -------------------------------------------------

    private void OnSegmentInTimeWait(in Segment s)
    {
        if (s.Seq == RcvNxt && (s.SequenceLength == 0 || s.Is(TcpFlags.Rst)))
        {
            // In window, bare: an RST ends TIME-WAIT ("TIME-WAIT assassination", RFC 1337) unless tcp_rfc1337 makes
            // it ignored; a bare ACK restarts the 2MSL wait (inet_twsk_reschedule).
            if (s.Is(TcpFlags.Rst) && !Settings.Rfc1337)
            {
                SetState(TcpState.Closed, "RST in TIME-WAIT");
                return;
            }
            if (!s.Is(TcpFlags.Rst)) Arm(TimerKind.TimeWait, Settings.TimeWait);
            if (_tsOn && s.Options.HasTimestamp) _tsRecent = s.Options.TsVal; // tw_ts_recent (not tw_entry_stamp)
            return;
        }
        bool newerSyn = s.Is(TcpFlags.Syn) && !s.Is(TcpFlags.Rst) && !s.Is(TcpFlags.Ack)
            && (s.Seq > RcvNxt || (_tsOn && s.Options.HasTimestamp && unchecked((int)(s.Options.TsVal - _tsRecent)) > 0));
        if (newerSyn && _ctx.HandToListener(this, s)) return;            // a new incarnation (RFC 9293 MAY-2, RFC 6191)
        if (s.Is(TcpFlags.Rst)) return;
        // Anything else, a retransmitted FIN above all: ACK it and restart the 2MSL timer (RFC 9293 3.10.7.4).
        if (s.Is(TcpFlags.Ack)) Arm(TimerKind.TimeWait, Settings.TimeWait);
        if (OutOfWindowAnswerAllowed()) SendAck();
    }

    /// <summary>
    /// A SYN that ended a TIME-WAIT of this listener's port (TCP_TW_SYN): a new connection from it takes
    /// <paramref name="iss"/>, carried as Linux carries tcp_tw_isn with the segment.
    /// </summary>
    internal void OnSynFromTimeWait(in Segment syn, SeqNum iss) => OnSegmentInListen(syn, iss);

    /// <summary>Both ends sent timestamps in their SYNs, so TS.Recent is kept (Linux: ts_recent_stamp is set).</summary>
    public bool TimestampsOn => _tsOn;

    /// <summary>When this connection entered TIME-WAIT (Linux tw_entry_stamp); null before.</summary>
    public OptionalTime TimeWaitEntered { get; private set; }

    /// <summary>
    /// Leaves TIME-WAIT because connect() takes its 4-tuple (tcp_tw_reuse, tcp_twsk_unique); returns the new
    /// connection's ISS, which starts above the old sequence space: tw_snd_nxt + 65535 + 2.
    /// </summary>
    internal SeqNum EndTimeWaitForReuse()
    {
        SetState(TcpState.Closed, "4-tuple reused by connect() (tcp_tw_reuse)");
        return IssAfterTimeWait;
    }

    /// <summary>
    /// Leaves TIME-WAIT because a listener takes over a new SYN for the same 4-tuple; returns the ISS the listener's
    /// new connection takes (tcp_timewait_state_process, TCP_TW_SYN: tcp_tw_isn = tw_snd_nxt + 65535 + 2).
    /// </summary>
    internal SeqNum EndTimeWaitForNewSyn()
    {
        SetState(TcpState.Closed, "new SYN above the old sequence space: TIME-WAIT ends");
        return IssAfterTimeWait;
    }

    private SeqNum IssAfterTimeWait => SndNxt + 65537 is { Value: 0 } ? new SeqNum(1) : SndNxt + 65537;

    // ---- ACK processing and the retransmission timer (RFC 6298) -------------------------------------------------

    /// <summary>
    /// SND.UNA advances to SEG.ACK (tcp_clean_rtx_queue): drop acknowledged segments (each one not SACKed before
    /// advances RACK), take an RTT sample, end an RTO recovery that is complete, stop the timers when nothing is left.
    /// The RTT sample comes from the first segment acknowledged that was sent once and not SACKed before (Karn), else
    /// from the SACKs of this ACK (<paramref name="sackRtt"/>), else from the timestamp echo (RFC 7323 4.1). Returns
    /// the segments it delivered: those acknowledged whole that no SACK had covered.
    /// </summary>
    private int AcknowledgeUpTo(in Segment s, SimDuration? sackRtt = null)
    {
        int delivered = 0;
        SimDuration? sample = null;
        SeqNum priorFack = Fack();
        bool sackedBefore = priorFack != SndUna;
        while (_unacked.Count > 0)
        {
            SentSegment head = _unacked[0];
            SeqNum end = head.Seq + head.SequenceLength;
            bool whole = end <= s.Ack;
            if (!head.Sacked && head.Seq < s.Ack)
            {
                if (!head.Retransmitted)
                {
                    sample ??= _ctx.Now - head.FirstSent;
                    if (sackedBefore && head.Seq < priorFack) Loss.Rack.ReorderingSeen = true;   // tcp_check_sack_reordering
                }
                // Before any SACK or loss RACK has nothing to time: the first SACKed segment is sent later than these.
                if (whole && _loss is not null && SackOn) _loss.Rack.Advance(head.Retransmitted, end, head.LastSent, _ctx.Now, _rtt.MinRtt);
            }
            if (!whole)
            {
                if (head.Seq < s.Ack) _unacked[0] = head.TrimFront(s.Ack - head.Seq);
                break;
            }
            if (!head.Sacked) delivered++;
            _unacked.RemoveAt(0);
        }
        sample ??= sackRtt;
        if (sample is null && _tsOn && s.Options.HasTimestamp && s.Options.TsEcr != 0)
            sample = SimDuration.Max(OneMillisecond, OneMillisecond * unchecked((int)(TsNow - s.Options.TsEcr))); // RFC 7323 4.1
        bool handshake = State is TcpState.SynSent or TcpState.SynReceived;
        SndUna = s.Ack;
        if (sample is SimDuration r) _rtt.Sample(r);
        else if (handshake && _synRetransmitted && Settings.RtoAfterSynTimeout is SimDuration rto) _rtt.Reset(rto);
        _backoff = 0;
        _retransmits = 0;
        _retransStamp = OptionalTime.None;
        // Recovery ends once everything outstanding at its start is acknowledged (tcp_fastretrans_alert step D,
        // tcp_process_loss, tcp_try_undo_recovery).
        if (_loss is { State: CaState.Recovery or CaState.Loss } loss && SndUna >= loss.HighSeq) EndRecovery(loss);
        _tlp.OnAck(s.Ack, pureDuplicate: false);
        if (_unacked.Count == 0) CancelLossTimers();
        return delivered;
    }

    private void OnRetransmitTimeout()
    {
        if (_unacked.Count == 0) return;
        SentSegment head = _unacked[0];
        switch (State)
        {
            case TcpState.SynReceived when Passive:
                // The listener's half-open connection: synack_retries SYN-ACKs, doubling from rto_initial, then
                // silently dropped (Linux reqsk_timer_handler).
                if (_synAckTimeouts >= Settings.SynackRetries)
                {
                    SetState(TcpState.Closed, "SYN-ACK retries exhausted (synack_retries)");
                    return;
                }
                _synAckTimeouts++;
                Retransmit(0);
                Arm(TimerKind.Retransmit, SynAckTimeout());
                return;
            case TcpState.SynSent or TcpState.SynReceived:
                if (RetriesExhausted(head.FirstSent, Settings.SynRetries, Settings.RtoInitial))
                {
                    Fail("ETIMEDOUT", "SYN retries exhausted (syn_retries)");
                    return;
                }
                // The first syn_linear_timeouts expiries keep the initial RTO, later ones double it.
                if (++_synLinearExpiries > Settings.SynLinearTimeouts) _backoff++;
                _synRetransmitted = true;
                break;
            default:
                int retries = _orphaned ? Settings.EffectiveOrphanRetries : Settings.Retries2;
                if (RetriesExhausted(_retransStamp.Or(head.FirstSent), retries, Settings.RtoMin))
                {
                    Fail("ETIMEDOUT", _orphaned ? "FIN retries exhausted (orphan_retries)" : "retransmissions exhausted (retries2)");
                    return;
                }
                _backoff++;                                               // RFC 6298 (5.5)
                if (!_retransStamp.HasValue) _retransStamp = _ctx.Now;   // tcp_retransmit_skb: retrans_stamp
                break;
        }
        _retransmits++;
        EnterLoss();
        Retransmit(0);
        MarkRetransmitted(0);
        Arm(TimerKind.Retransmit, CurrentRto);
    }

    /// <summary>
    /// Give up? Linux: the time since <paramref name="since"/> reaches the budget of tcp_model_timeout (as if the RTO
    /// had doubled from <paramref name="rtoBase"/> <paramref name="retries"/> times), checked at each expiry
    /// (retransmits_timed_out); otherwise a count of retransmissions. <paramref name="since"/> is the first SYN for a
    /// connection being opened, and for an open one the first retransmission by the RTO (retrans_stamp; a tail-loss
    /// probe does not set it).
    /// </summary>
    private bool RetriesExhausted(SimTime since, int retries, SimDuration rtoBase)
    {
        if (!Settings.RetryBudgetIsTime) return _retransmits >= retries;
        if (_retransmits == 0) return false;
        return _ctx.Now - since >= RetryBudget(retries, rtoBase, Settings.RtoMax);
    }

    /// <summary>Linux tcp_model_timeout: doubling from the base up to rto_max, then linear.</summary>
    public static SimDuration RetryBudget(int retries, SimDuration rtoBase, SimDuration rtoMax)
    {
        int threshold = (int)Math.Floor(Math.Log2((double)rtoMax.Nanoseconds / rtoBase.Nanoseconds));
        if (retries <= threshold) return rtoBase * ((2L << retries) - 1);
        return rtoBase * ((2L << threshold) - 1) + rtoMax * (retries - threshold);
    }

    private SimDuration SynAckTimeout() => RttEstimator.Doubled(Settings.RtoInitial, _synAckTimeouts, Settings.RtoMax);

    /// <summary>
    /// tcp_rearm_rto: the retransmission timer for the oldest segment in flight. Replacing a pending loss probe it
    /// keeps the RTO's own deadline (the head's last transmission + RTO); otherwise a full RTO from now.
    /// </summary>
    private void RearmRto(bool replacesProbe = false)
    {
        if (_unacked.Count == 0)
        {
            Cancel(TimerKind.Retransmit);
            return;
        }
        replacesProbe |= Armed(TimerKind.LossProbe) || Armed(TimerKind.Reorder);
        Cancel(TimerKind.LossProbe);
        Cancel(TimerKind.Reorder);                                        // one timer slot in Linux (icsk_pending)
        Arm(TimerKind.Retransmit, replacesProbe ? SimDuration.Max(SimDuration.Zero, RtoLeft()) : CurrentRto);
    }

    /// <summary>How far in the future the RTO of the oldest segment in flight lies (tcp_rto_delta_us).</summary>
    private SimDuration RtoLeft() => _unacked[0].LastSent + CurrentRto - _ctx.Now;

    // ---- Tail-loss probe (RFC 8985 section 7; Linux tcp_schedule_loss_probe, tcp_send_loss_probe) ----------------

    /// <summary>
    /// tcp_schedule_loss_probe: instead of the RTO, arm the probe timer, if the connection is open, negotiated SACK, is
    /// in the Open state (nothing SACKed or marked lost, neither in fast recovery nor after an RTO), and has something
    /// in flight. <paramref name="advancingRto"/>: an ACK just moved
    /// SND.UNA, so the RTO would restart in full.
    /// </summary>
    private bool ScheduleLossProbe(bool advancingRto)
    {
        if (!Settings.TailLossProbes || !SackOn || CurrentCaState != CaState.Open || _unacked.Count == 0
            || State is not (TcpState.Established or TcpState.CloseWait or TcpState.FinWait1 or TcpState.Closing or TcpState.LastAck))
            return false;
        SimDuration rtoLeft = advancingRto ? CurrentRto : RtoLeft();
        Cancel(TimerKind.Retransmit);
        Cancel(TimerKind.Reorder);
        Arm(TimerKind.LossProbe, TailLossProbe.Timeout(_rtt, _unacked.Count, rtoLeft, Settings));
        return true;
    }

    /// <summary>
    /// tcp_send_loss_probe: resend the last segment in flight and arm a full RTO from now. While an earlier probe is
    /// unacknowledged no second one leaves: the retransmission timer takes over at the RTO's deadline.
    /// </summary>
    private void OnLossProbeTimeout()
    {
        if (_unacked.Count == 0) return;
        if (_tlp.Outstanding)
        {
            RearmRto(replacesProbe: true);
            return;
        }
        if (_unsent > 0 && NextSegmentFits && CongestionWindowOpen)
        {
            // New data waiting (held by Nagle's algorithm) is the probe (tcp_send_loss_probe → tcp_write_xmit with TCP_NAGLE_OFF).
            SendData((int)Math.Min(SendMss, _unsent), push: false);
            _tlp.Sent(SndNxt, retransmitted: false);
        }
        else
        {
            Retransmit(_unacked.Count - 1);
            _tlp.Sent(SndNxt, retransmitted: true);
        }
        Arm(TimerKind.Retransmit, CurrentRto);
    }

    // ---- Sending ------------------------------------------------------------------------------------------------

    private void SendSyn(bool ack)
    {
        TcpFlags flags = TcpFlags.Syn | (ack ? TcpFlags.Ack : TcpFlags.None);
        SimTime sent = Emit(Iss, flags, 0, retransmission: false);
        SndNxt = Iss + 1;
        _unacked.Add(new SentSegment(Iss, 0, TcpFlags.Syn, sent, sent));
        Arm(TimerKind.Retransmit, Passive ? SynAckTimeout() : CurrentRto);
    }

    /// <summary>Sends the <paramref name="index"/>-th segment in flight again.</summary>
    private void Retransmit(int index)
    {
        SentSegment segment = _unacked[index];
        TcpFlags flags = segment.Flags;
        if (State != TcpState.SynSent) flags |= TcpFlags.Ack;
        SimTime sent = Emit(segment.Seq, flags, segment.Length, retransmission: true);
        _unacked[index] = segment with { Retransmitted = true, LastSent = sent };
    }

    private void QueueFin(string cause)
    {
        switch (State)
        {
            case TcpState.SynReceived:
                _finQueued = true;                                        // sent once ESTABLISHED (RFC 9293 3.10.4)
                break;
            case TcpState.Established:
                _finQueued = true;
                SetState(TcpState.FinWait1, cause);
                Output();
                break;
            case TcpState.CloseWait:
                _finQueued = true;
                SetState(TcpState.LastAck, cause);
                Output();
                break;
        }
    }

    private void AfterEstablished()
    {
        if (_finQueued) SetState(TcpState.FinWait1, "close() queued before ESTABLISHED");
        Output();
    }

    /// <summary>Bytes of the peer's window not yet used (SND.UNA + SND.WND − SND.NXT).</summary>
    private long SendRoom => (long)SndWnd - (SndNxt - SndUna);

    /// <summary>close() or shutdown() queued a FIN that has not left yet.</summary>
    private bool FinWaiting => _finQueued && !_finSent;

    /// <summary>Data, or a FIN, waits to be sent.</summary>
    private bool HasUnsent => _unsent > 0 || FinWaiting;

    /// <summary>PSH for the rest of a segment a window probe split (tcp_write_wakeup sets PSH before tcp_fragment, so both parts carry it).</summary>
    private TcpFlags TakeCarriedPush()
    {
        bool carried = _pushCarried;
        _pushCarried = false;
        return carried ? TcpFlags.Psh : TcpFlags.None;
    }

    /// <summary>
    /// Sequence space the next segment takes: up to one MSS of data, plus the FIN it carries if it is the last
    /// (Linux tcp_snd_wnd_test counts the FIN's sequence number).
    /// </summary>
    private long NextSegmentSpace
    {
        get
        {
            long whole = Math.Min(SendMss, _unsent);
            return whole + (FinWaiting && whole == _unsent ? 1 : 0);
        }
    }

    /// <summary>The next segment fits the peer's window whole (no partial segments: sender SWS avoidance).</summary>
    private bool NextSegmentFits => NextSegmentSpace <= SendRoom;

    /// <summary>
    /// A write is being handed to the link (the sender is inside tcp_sendmsg); segments that arrive meanwhile wait in
    /// <see cref="_backlog"/>.
    /// </summary>
    private bool _writing;
    private LazyList<Segment> _backlog;

    /// <summary>
    /// The write has handed over all it could (release_sock → __release_sock): the segments that arrived during it
    /// are processed now, in order; any that arrive while they are processed wait for the next release.
    /// </summary>
    private void ReleaseBacklog()
    {
        _writing = false;
        if (_backlog.Count == 0) return;
        LazyList<Segment> waiting = _backlog;
        _backlog = default;
        for (int i = 0; i < waiting.Count; i++) Process(waiting[i]);
    }

    /// <summary>Sends queued data within the peer's window (PSH on the last segment of a write), then the FIN.</summary>
    private void Output()
    {
        SeqNum sndNxtBefore = SndNxt;
        while (_unsent > 0 && NextSegmentFits && CongestionWindowOpen && !NagleHolds() && !LinkBusy())
        {
            SendData((int)Math.Min(SendMss, _unsent), push: false);
            CountReducedSend();
        }
        if (_unsent == 0 && FinWaiting && SendRoom >= 1 && CongestionWindowOpen)
        {
            SendNew(TcpFlags.Fin | TcpFlags.Ack | TakeCarriedPush(), 0);
            CountReducedSend();
        }
        if (SndNxt != sndNxtBefore) ScheduleLossProbe(advancingRto: false);   // tcp_write_xmit: one probe per tail
        // Data waits for the window and nothing is in flight to bring an ACK: start the persist timer
        // (tcp_check_probe_timer, RFC 9293 3.8.6.1).
        if (HasUnsent && _unacked.Count == 0 && !Armed(TimerKind.SmallQueue) && !Armed(TimerKind.Persist)) Arm(TimerKind.Persist, ProbeTimeout());
        if (_writing && !Armed(TimerKind.SmallQueue)) ReleaseBacklog();
    }

    /// <summary>
    /// TCP Small Queues (tcp_small_queue_check): new data is handed to the link only when its transmitter is free, so a
    /// write leaves one segment at a time and ACKs can come back in between, as they do on a veth pair; the rest goes
    /// when the transmitter is done (tcp_tsq_handler). Without a link bandwidth the transmitter is always free.
    /// </summary>
    private bool LinkBusy()
    {
        SimTime free = _ctx.TransmitterFreeAt(this);
        if (free <= _ctx.Now) return false;
        if (!Armed(TimerKind.SmallQueue)) Arm(TimerKind.SmallQueue, free - _ctx.Now);
        return true;
    }

    /// <summary>
    /// Nagle's algorithm (RFC 896, RFC 1122 4.2.3.4; Linux tcp_nagle_test): the data queued is less than a segment
    /// and earlier data is unacknowledged (with Linux's Minshall variant, an earlier short segment: tcp_minshall_check),
    /// so it waits to be sent with more, or for that ACK. A FIN riding on it, or TCP_NODELAY, lets it go.
    /// </summary>
    private bool NagleHolds()
    {
        if (_unsent == 0 || Settings.NoDelay || _unsent >= SendMss || _unacked.Count == 0 || FinWaiting) return false;
        return Settings.Nagle == NagleRule.Minshall ? _sndSml > SndUna && _sndSml <= SndNxt : SndNxt > SndUna;
    }

    /// <summary>The end of the last segment shorter than the MSS that left (Linux snd_sml, tcp_minshall_update).</summary>
    private SeqNum _sndSml;

    /// <summary>One data segment of <paramref name="length"/> bytes; PSH on the last segment of a write, or forced.</summary>
    private void SendData(int length, bool push)
    {
        SeqNum end = SndNxt + length;
        if (length < SendMss) _sndSml = end;
        bool marked = false;
        while (_writeEnds.Count > 0 && _writeEnds[0] <= end)
        {
            _writeEnds.RemoveAt(0);
            marked = true;
        }
        // Linux forced_push: a write longer than half the largest window the peer offered is marked PSH each time
        // that much has gone since the last mark (tcp_mark_push moves pushed_seq; a probe's PSH does not).
        long sent = end - (Iss + 1);
        if (Settings.ForcedPush && sent > _pushed + _maxWindow / 2) marked = true;
        if (marked) _pushed = sent;
        push |= marked;
        // The FIN rides on the last data segment if the window has room for it too (tcp_snd_wnd_test counts it).
        bool fin = FinWaiting && _unsent == length && SendRoom >= length + 1;
        push |= TakeCarriedPush() != 0;
        SendNew(TcpFlags.Ack | (push ? TcpFlags.Psh : 0) | (fin ? TcpFlags.Fin : 0), length);
    }

    // ---- Persist timer: zero-window probes (RFC 9293 3.8.6.1; Linux tcp_probe_timer, tcp_send_probe0) ----------

    /// <summary>tcp_probe0_when: max(RTO, rto_min) doubled per probe sent (icsk_backoff), at most rto_max.</summary>
    private SimDuration ProbeTimeout() =>
        RttEstimator.Doubled(SimDuration.Max(_rtt.Rto, Settings.RtoMin), _backoff, Settings.RtoMax);

    private void OnPersistTimeout()
    {
        if (_unacked.Count > 0 || !HasUnsent)
        {
            _probesOut = 0;                                               // data in flight: the RTO timer rules
            return;
        }
        int maxProbes = _orphaned ? Settings.EffectiveOrphanRetries : Settings.Retries2;
        if (_probesOut >= maxProbes)
        {
            Fail("ETIMEDOUT", "zero-window probes unanswered (tcp_probe_timer)");
            return;
        }
        SendProbe0();
    }

    /// <summary>
    /// tcp_send_probe0 → tcp_write_wakeup: if the window has room for part of the next segment, send that part
    /// (PSH); else a bare ACK with SEQ = SND.UNA − 1, which the peer must answer with an ACK carrying its window
    /// (tcp_xmit_probe_skb). Then back off, unless data went out (the RTO timer takes over).
    /// </summary>
    private void SendProbe0()
    {
        long room = SendRoom;
        if (room > 0 && _unsent > 0)
        {
            bool split = room < NextSegmentSpace;
            SendData((int)Math.Min(Math.Min(SendMss, _unsent), room), push: true);
            _pushCarried = split;                                         // the part left keeps the PSH
        }
        else Emit(SndUna - 1, TcpFlags.Ack, 0, retransmission: false);
        if (_unacked.Count > 0 || !HasUnsent)
        {
            _probesOut = 0;
            _backoff = 0;
            return;
        }
        _probesOut++;
        if (_backoff < Settings.Retries2) _backoff++;
        Arm(TimerKind.Persist, ProbeTimeout());
    }

    /// <summary>
    /// An ACK while nothing was in flight (tcp_ack_probe): if the window now takes the next segment the probing
    /// ends (backoff reset) and Output sends it; otherwise the persist timer restarts with the backoff in force.
    /// </summary>
    private void AckProbe()
    {
        if (!HasUnsent) return;
        if (NextSegmentFits)
        {
            _backoff = 0;
            Cancel(TimerKind.Persist);
        }
        else Arm(TimerKind.Persist, ProbeTimeout());
    }

    // ---- Reading (reads: manual) ---------------------------------------------------------------------------------

    /// <summary>
    /// A pending read takes what the buffer holds and reports once satisfied. A read by the application may reopen
    /// the window at once; data taken <paramref name="onArrival"/> is acknowledged by the ACK that follows anyway.
    /// </summary>
    private void TakeRead(bool onArrival)
    {
        long n = Math.Min(_rcv.Unread, _readWanted);
        if (n == 0) return;
        _rcv.Take(n);
        _readWanted -= n;
        BytesRead += n;
        if (_readWanted == 0 && _ctx.Trace is not null)
            Result("read", "ok", BytesRead.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes read in all");
        if (!onArrival) CleanupReceiveBuffer();
    }

    /// <summary>
    /// After the application read (tcp_cleanup_rbuf): if the window it frees is at least twice what is left of the
    /// one offered, tell the peer at once (a window update), else the next ACK carries it.
    /// </summary>
    private void CleanupReceiveBuffer()
    {
        if (State is not (TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2)) return;
        uint now = _rcv.Remaining(RcvNxt);
        if (2L * now > ReceiveBuffer.FullSpace(Settings)) return;
        uint next = _rcv.Select(Settings, _rcvMss, RcvShift);
        if (next != 0 && next >= 2L * now) SendAck();
    }

    private void SendNew(TcpFlags flags, int length)
    {
        if (length > 0) OnDataSent();
        bool wasIdle = _unacked.Count == 0;
        SimTime sent = Emit(SndNxt, flags, length, retransmission: false);
        _unacked.Add(new SentSegment(SndNxt, length, flags & (TcpFlags.Fin | TcpFlags.Psh), sent, sent));
        SndNxt += length + (flags.Has(TcpFlags.Fin) ? 1 : 0);
        _unsent -= length;
        if (flags.Has(TcpFlags.Fin)) _finSent = true;
        // tcp_event_new_data_sent: RFC 6298 (5.1), and a pending probe gives way until tcp_write_xmit re-plans it;
        // the persist timer shares Linux's one timer slot (icsk_pending).
        if (wasIdle || Armed(TimerKind.LossProbe))
        {
            Cancel(TimerKind.Persist);
            RearmRto();
        }
    }

    private void SendAck() => Emit(SndNxt, TcpFlags.Ack, 0, retransmission: false);

    private void SendReset(SeqNum seq, bool withAck) =>
        Emit(seq, TcpFlags.Rst | (withAck ? TcpFlags.Ack : TcpFlags.None), 0, retransmission: false);

    /// <summary>A reply addressed to the sender of <paramref name="to"/> (RSTs for segments outside any connection).</summary>
    private void Reply(in Segment to, SeqNum seq, SeqNum ack, TcpFlags flags) =>
        _ctx.Transmit(this, new Segment(to.Destination, to.Source, seq, ack, flags, 0, 0, TcpOptions.None), retransmission: false);

    /// <summary>Builds and sends a segment of this connection; returns when it starts to leave the host.</summary>
    private SimTime Emit(SeqNum seq, TcpFlags flags, int length, bool retransmission)
    {
        bool syn = flags.Has(TcpFlags.Syn);
        bool rst = flags.Has(TcpFlags.Rst);
        bool ack = flags.Has(TcpFlags.Ack);
        TcpOptions options = rst ? TcpOptions.None : syn ? SynOptions(ack) : _tsOn
            ? new TcpOptions(0, -1, false, true, TsNow, _tsRecent)
            : TcpOptions.None;
        // SACK blocks ride on every ACK while there is something to report (tcp_established_options): 40 bytes of
        // options hold 3 blocks beside timestamps, 4 without.
        if (ack && !syn && !rst && _sack is { Any: true }) options = options with { Sack = _sack.Take(_tsOn ? 3 : 4) };
        uint window = syn ? Math.Min(_rcv.Initial(Settings, SynWindowMss(ack), RcvNxt), 65535u)
            : _rcv.Offer(Settings, _rcvMss, RcvShift, RcvNxt);
        var segment = new Segment(Local, Remote, seq, ack ? RcvNxt : default, flags, length, window, options, Connection);
        if (ack && !rst)
        {
            OnAckSent();
            _rcv.Acknowledged(_ctx.Now);
            _lastAckSentRcvNxt = RcvNxt;
        }
        return _ctx.Transmit(this, segment, retransmission);
    }

    /// <summary>
    /// The segment size the first window is rounded to: the MSS we offer, less the timestamp option once the peer's
    /// SYN showed it is in use (Linux tcp_connect_init, tcp_openreq_init_rwin).
    /// </summary>
    private int SynWindowMss(bool synAck) => Settings.Mss - (synAck && _tsOn ? 12 : 0);

    private TcpOptions SynOptions(bool synAck)
    {
        bool ts = synAck ? _tsOn : Settings.Timestamps;
        bool scale = Settings.WindowScale >= 0 && (!synAck || _peerWindowScale >= 0);
        bool sack = Settings.SackPermitted && (!synAck || _peerSack);
        return new TcpOptions((ushort)Settings.Mss, scale ? Settings.WindowScale : (sbyte)-1, sack, ts, ts ? TsNow : 0, synAck && ts ? _tsRecent : 0);
    }

    private sbyte _peerWindowScale = -1;
    private bool _peerSack;

    private void TakePeerSynOptions(in Segment syn)
    {
        if (syn.Options.Mss > 0) _peerMss = syn.Options.Mss;
        _peerWindowScale = syn.Options.WindowScale;
        _peerSack = syn.Options.SackPermitted;
        _tsOn = Settings.Timestamps && syn.Options.HasTimestamp;
        if (_tsOn) _tsRecent = syn.Options.TsVal;
        TakeSendWindow(syn.Window);
    }

    private bool Acceptable(SeqNum seq, int length)
    {
        // RFC 9293 3.10.7.4, the four cases of the acceptability test.
        uint wnd = RcvWnd;
        SeqNum limit = RcvNxt + (long)wnd;
        if (length == 0) return wnd == 0 ? seq == RcvNxt : seq.InWindow(RcvNxt, limit);
        if (wnd == 0) return false;
        return seq.InWindow(RcvNxt, limit) || (seq + (length - 1)).InWindow(RcvNxt, limit);
    }

    /// <summary>Linux answers out-of-window segments, duplicate SYNs and challenges at most once per tcp_invalid_ratelimit.</summary>
    private bool OutOfWindowAnswerAllowed()
    {
        if (Settings.OutOfWindowAckInterval == SimDuration.Zero) return true;
        if (_lastOutOfWindowAck.TryGet(out SimTime last) && _ctx.Now - last < Settings.OutOfWindowAckInterval) return false;
        _lastOutOfWindowAck = _ctx.Now;
        return true;
    }

    private void ResetConnection()
    {
        Opens++;
        ReleaseBuffers();
        CancelAllTimers();
        _rtt = new RttEstimator(Settings);
        _active = _orphaned = _finQueued = _finSent = _synRetransmitted = _tsOn = false;
        ResetLossRecovery();
        _unsent = _written = 0;
        _backoff = _retransmits = _synLinearExpiries = _synAckTimeouts = 0;
        _retransStamp = OptionalTime.None;
        _tlp = default;
        ResetAckTiming();
        _lastOutOfWindowAck = OptionalTime.None;
        TimeWaitEntered = OptionalTime.None;
        _errorPending = false;
        _readWanted = 0;
        _probesOut = 0;
        _rcv = default;
        _rcvMss = 536;                                                    // TCP_MSS_DEFAULT (tcp_initialize_rcv_mss)
        BytesRead = 0;
        _peerMss = 536;
        _maxWindow = 0;
        _pushed = 0;
        _pushCarried = false;
        _peerWindowScale = -1;
        _peerSack = false;
        BytesReceived = 0;
        StaleBytesReceived = 0;
        Peer = default;
        EofReceived = false;
        Error = null;
    }

    /// <summary>Drops the send and reassembly buffers: nothing reads them in TIME-WAIT or CLOSED.</summary>
    private void ReleaseBuffers()
    {
        _unacked.Clear();
        _writeEnds.Clear();
        _outOfOrder.Clear();
        _sack = null;
    }

    /// <summary>
    /// A segment that occupies sequence space and waits for its ACK; <see cref="LastSent"/> its latest transmission,
    /// <see cref="Marks"/> its place on the scoreboard (Linux TCP_SKB_CB(skb)->sacked).
    /// </summary>
    private readonly record struct SentSegment(SeqNum Seq, int Length, TcpFlags Flags, SimTime FirstSent, SimTime LastSent,
        bool Retransmitted = false, ScoreboardMarks Marks = ScoreboardMarks.None)
    {
        public int SequenceLength => Length + (Flags.Has(TcpFlags.Syn) ? 1 : 0) + (Flags.Has(TcpFlags.Fin) ? 1 : 0);

        public SeqNum End => Seq + SequenceLength;

        public bool Sacked => (Marks & ScoreboardMarks.Sacked) != 0;

        /// <summary>Marked lost and not resent since: waiting for tcp_xmit_retransmit_queue.</summary>
        public bool LostNotResent => (Marks & (ScoreboardMarks.Lost | ScoreboardMarks.ResentSinceLost)) == ScoreboardMarks.Lost;

        public SentSegment TrimFront(int acked)
        {
            int synPart = Flags.Has(TcpFlags.Syn) ? 1 : 0;
            int dataAcked = Math.Max(0, acked - synPart);
            return this with { Seq = Seq + acked, Length = Length - dataAcked, Flags = Flags & ~TcpFlags.Syn };
        }
    }
}
