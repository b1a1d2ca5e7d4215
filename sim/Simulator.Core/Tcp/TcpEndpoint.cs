using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tcp;

/// <summary>
/// One TCP socket: a listener, a connecting socket, or a connection a listener accepted. I/O-free: it is handed
/// segments (<see cref="OnSegment"/>) and timer wake-ups (<see cref="OnWake"/>), and answers through its
/// <see cref="IEndpointContext"/>. The application calls are the methods below; the state machine is in
/// TcpEndpoint.Transitions.cs, and every change of state passes <see cref="SetState"/>.
/// </summary>
public sealed partial class TcpEndpoint
{
    private readonly IEndpointContext _ctx;
    // Timers and RTT estimator live inside the endpoint, the buffers only while in use (not in TIME-WAIT), and a
    // listener's queues only in a listener: `tcpsim bench` reports the bytes an idle connection costs.
    private TimerSlots _timers;
    private LazyList<SentSegment> _unacked;
    private LazyList<SeqNum> _writeEnds;
    private LazyList<(SeqNum Seq, int Length, bool Fin, ConnectionId Origin)> _outOfOrder;
    private RttEstimator _rtt;
    private ReceiveBuffer _rcv;
    private ListenQueues? _listen;

    public TcpEndpoint(int id, string name, TransportAddress local, TcpSettings settings, IEndpointContext ctx, TcpEndpoint? listener = null)
    {
        Id = id;
        Name = name;
        Local = local;
        Settings = settings;
        Listener = listener;
        _ctx = ctx;
        _rtt = new RttEstimator(settings);
        for (int i = 0; i < TimerSlots.Count; i++) _timers[i] = TimerSlot.Create();
    }

    public int Id { get; }
    public string Name { get; }
    public TransportAddress Local { get; private set; }
    public TransportAddress Remote { get; private set; }
    public TcpSettings Settings { get; }
    public TcpState State { get; private set; } = TcpState.Closed;
    /// <summary>The listener that accepted this connection; null for sockets of the scenario.</summary>
    public TcpEndpoint? Listener { get; }

    // Send sequence variables (RFC 9293 3.3.1).
    public SeqNum Iss { get; private set; }
    public SeqNum SndUna { get; private set; }
    public SeqNum SndNxt { get; private set; }
    public uint SndWnd { get; private set; }
    // Receive sequence variables.
    public SeqNum Irs { get; private set; }
    public SeqNum RcvNxt { get; private set; }
    /// <summary>What is left of the window last offered to the peer (tcp_receive_window).</summary>
    public uint RcvWnd => _rcv.Remaining(RcvNxt);
    /// <summary>Bytes that arrived in order and wait for the application to read them (<c>reads: manual</c>).</summary>
    public long Unread => _rcv.Unread;
    /// <summary>The memory the unread segments hold (Linux sk_rmem_alloc): payload plus the per-segment overhead.</summary>
    public long ReceiveMemory => _rcv.Memory;
    /// <summary>Bytes the application has read (<c>reads: manual</c>).</summary>
    public long BytesRead { get; private set; }

    /// <summary>Payload bytes delivered in order to the application.</summary>
    public long BytesReceived { get; private set; }
    /// <summary>Of those, bytes an earlier incarnation of the 4-tuple sent (see <see cref="StaleDataDelivered"/>).</summary>
    public long StaleBytesReceived { get; private set; }
    /// <summary>The peer's connection this one synchronized with (from its SYN or SYN-ACK).</summary>
    public ConnectionId Peer { get; private set; }
    /// <summary>This socket's current connection, as its segments carry it.</summary>
    public ConnectionId Connection => new(this, Opens);
    /// <summary>Connections started on this socket (connect() or an accepted SYN), the current one included.</summary>
    public int Opens { get; private set; }
    /// <summary>The errno name of the last failure (ECONNREFUSED, ETIMEDOUT, ECONNRESET, EPIPE), if any.</summary>
    public string? Error { get; private set; }
    public bool EofReceived { get; private set; }
    public RttEstimator Rtt => _rtt;
    /// <summary>The retransmission timeout now in force, backoff included.</summary>
    public SimDuration CurrentRto => _rtt.Backed(_backoff);

    /// <summary>The timer's deadline, or null when it is not armed.</summary>
    public SimTime? TimerDeadline(TimerKind kind) => Armed(kind) ? _timers[SlotOf(kind)].Deadline : null;

    /// <summary>listen()'s backlog when a scenario gives none (Linux SOMAXCONN).</summary>
    public const int DefaultBacklog = 4096;

    /// <summary>The listen() backlog: at most backlog + 1 connections wait to be accepted (Linux sk_max_ack_backlog).</summary>
    public int Backlog => _listen?.Backlog ?? DefaultBacklog;

    /// <summary>Completed connections waiting for accept() (Linux sk_ack_backlog).</summary>
    public int AcceptQueueLength => _listen?.Accepted.Count ?? 0;

    /// <summary>Connections waiting half-open in SYN-RECEIVED (Linux: request socks in the SYN queue).</summary>
    public int SynQueueLength => _listen?.HalfOpen ?? 0;

    internal bool AcceptQueueFull => _listen is { AcceptQueueFull: true };

    internal bool SynQueueFull => _listen is { SynQueueFull: true };

    /// <summary>Passive open (RFC 9293 3.10.1) with a listen() backlog.</summary>
    public void Listen(int backlog = DefaultBacklog)
    {
        if (State != TcpState.Closed)
        {
            Result("listen", "EISCONN");
            return;
        }
        _listen ??= new ListenQueues(backlog);
        _listen.Backlog = backlog;
        SetState(TcpState.Listen, "listen()");
    }

    /// <summary>Active open: SYN to <paramref name="remote"/> (RFC 9293 3.10.1).</summary>
    public void Connect(TransportAddress remote)
    {
        if (State != TcpState.Closed)
        {
            Result("connect", State == TcpState.TimeWait ? "EADDRINUSE" : "EISCONN");
            return;
        }
        if (_ctx.ConnectPort(this, remote, out SeqNum? reusedIss) is not ushort port)
        {
            // Every 4-tuple to this destination is taken, TIME-WAIT included (__inet_hash_connect): nothing is sent.
            Error = "EADDRNOTAVAIL";
            Result("connect", Error, $"no free local port to {remote}");
            _ctx.Notify(this, AppEventKind.Failed);
            return;
        }
        ResetConnection();
        Local = new TransportAddress(Local.Ip, port);
        Remote = remote;
        _active = true;
        Iss = reusedIss ?? new SeqNum(_ctx.NextIsn(this));
        SndUna = Iss;
        _sndSml = Iss;
        SndNxt = Iss;
        _connectStarted = _ctx.Now;
        _ctx.SetRegistered(this, true);
        SetState(TcpState.SynSent, "connect()");
        SendSyn(ack: false);
    }

    /// <summary>Queues <paramref name="bytes"/> of payload as one write (PSH on its last segment).</summary>
    public void Send(long bytes)
    {
        if (bytes <= 0) return;
        if (TakePendingError("send")) return;
        bool open = State is TcpState.SynSent or TcpState.SynReceived or TcpState.Established or TcpState.CloseWait;
        if (!open || _finQueued)
        {
            Result("send", "EPIPE");
            return;
        }
        _unsent += bytes;
        _written += bytes;
        _writeEnds.Add(Iss + 1 + _written);
        if (!State.IsSynchronized()) return;
        _writing = true;
        Output();
        if (_ctx.Trace is not null && NagleHolds())
            Result("nagle", "held", Settings.Nagle == NagleRule.Minshall
                ? "shorter than a segment while a short segment is unacknowledged (tcp_nagle_test, tcp_minshall_check)"
                : "shorter than a segment while data is unacknowledged (RFC 896)");
    }

    /// <summary>Full close: FIN after queued data; the socket becomes an orphan (RFC 9293 3.10.4, Linux close()).</summary>
    public void Close()
    {
        _orphaned = true;
        if (_rcv.Unread > 0 && HasConnection)
        {
            // Unread data is thrown away, so the peer must learn that it was not delivered: RST instead of FIN
            // (RFC 1122 4.2.2.13; Linux tcp_close: "Unread data was tossed, zap the connection").
            ResetAndClose("close() with unread data: RST (tcp_close)");
            return;
        }
        switch (State)
        {
            case TcpState.Listen:
            case TcpState.SynSent:
                // No connection yet: delete the TCB (RFC 9293 3.10.4).
                SetState(TcpState.Closed, "close()");
                break;
            case TcpState.FinWait2:
                ArmFinWait2Timeout();
                break;
            default:
                QueueFin("close()");
                break;
        }
    }

    /// <summary>Half close: FIN after queued data; data keeps flowing from the peer.</summary>
    public void Shutdown()
    {
        if (State is TcpState.Listen or TcpState.SynSent)
        {
            SetState(TcpState.Closed, "shutdown()");
            return;
        }
        QueueFin("shutdown()");
    }

    /// <summary>Abort: RST where a connection exists, then CLOSED (RFC 9293 3.10.5; Linux SO_LINGER 0 + close).</summary>
    public void Abort() => ResetAndClose("abort()");

    /// <summary>
    /// The application reads: <paramref name="bytes"/> null takes what has arrived; a number waits until that many
    /// bytes were read (a blocking recv loop), taking later data as it arrives. A reset reported by no call yet
    /// fails the read with ECONNRESET (Linux sk_err), unless the peer's FIN came first: then the read returns what is
    /// left, then EOF, and leaves the error to a write (tcp_recvmsg_locked checks SOCK_DONE before sk_err).
    /// </summary>
    public void Read(long? bytes)
    {
        if (!EofReceived && TakePendingError("read")) return;
        if (!Settings.ManualReads)
        {
            Result("read", EofReceived ? "EOF" : "ok", "data is read on arrival (reads: auto)");
            return;
        }
        if (_rcv.Unread == 0 && (EofReceived || State == TcpState.Closed))
        {
            Result("read", "EOF");
            return;
        }
        _readWanted = bytes ?? _rcv.Unread;
        TakeRead(onArrival: false);
    }

    /// <summary>RST,ACK where a connection exists, then CLOSED (RFC 9293 3.10.5; Linux tcp_disconnect, tcp_need_reset).</summary>
    private void ResetAndClose(string cause)
    {
        if (HasConnection) SendReset(SndNxt, withAck: true);
        if (State != TcpState.Closed) SetState(TcpState.Closed, cause);
    }

    private bool HasConnection =>
        State is TcpState.SynReceived or TcpState.Established or TcpState.FinWait1 or TcpState.FinWait2 or TcpState.CloseWait;

    /// <summary>An error the connection ended with, reported once by the next read or write (Linux sock_error).</summary>
    private bool TakePendingError(string call)
    {
        if (!_errorPending) return false;
        _errorPending = false;
        Result(call, Error!);
        return true;
    }

    /// <summary>
    /// accept() on a listener (<c>accepts: manual</c>): takes the oldest completed connection, or waits for the next
    /// one (a blocking accept). The connection's application steps start from here.
    /// </summary>
    public void Accept()
    {
        if (State != TcpState.Listen)
        {
            Result("accept", "EINVAL");
            return;
        }
        _listen!.AcceptsWaiting++;
        TakeAccepted(_listen);
    }

    /// <summary>A passive connection reached ESTABLISHED: queued for accept(), or handed to the application at once.</summary>
    internal void OnChildEstablished(TcpEndpoint child)
    {
        if (!Settings.ManualAccepts)
        {
            child.Hand();
            return;
        }
        _listen!.Accepted.Add(child);
        TakeAccepted(_listen);
    }

    private void TakeAccepted(ListenQueues queues)
    {
        while (queues.AcceptsWaiting > 0 && queues.Accepted.Count > 0)
        {
            TcpEndpoint child = queues.Accepted[0];
            queues.Accepted.RemoveAt(0);
            queues.AcceptsWaiting--;
            Result("accept", "ok", child.Name);
            child.Hand();
        }
    }

    /// <summary>The application gets this accepted connection: its steps may run from now on.</summary>
    private void Hand()
    {
        if (_ctx.Trace is not null) Result("accepted", "ok", Remote.ToString());
        _ctx.Notify(this, AppEventKind.Accepted);
        _ctx.Notify(this, AppEventKind.Established);
    }

    /// <summary>Timer wake-up from the event queue; stale wake-ups are no-ops.</summary>
    public void OnWake(TimerKind kind, int generation)
    {
        int index = SlotOf(kind);
        ref TimerSlot slot = ref _timers[index];
        kind = Holder(index);                                             // a shared slot: the timer armed in it now
        switch (slot.OnWake(generation, _ctx.Now))
        {
            case WakeUp.Stale:
                return;
            case WakeUp.Early:
                Requeue(kind);
                return;
        }
        slot.Cancel();
        if (_ctx.Trace is { RecordsWire: true } trace) trace.Add(new TimerFired(_ctx.Now, Name, kind));
        switch (kind)
        {
            case TimerKind.Retransmit: OnRetransmitTimeout(); break;
            case TimerKind.LossProbe: OnLossProbeTimeout(); break;
            case TimerKind.DelayedAck: OnDelayedAckTimeout(); break;
            case TimerKind.TimeWait: SetState(TcpState.Closed, "2MSL timer expired"); break;
            case TimerKind.FinWait2: SetState(TcpState.Closed, "FIN-WAIT-2 timeout (fin_timeout)"); break;
            case TimerKind.Persist: OnPersistTimeout(); break;
            case TimerKind.Reorder: OnReorderTimeout(); break;
            case TimerKind.SmallQueue: Output(); break;
        }
    }

    // Two pairs of timers never run together and share a slot, as Linux's one transmit timer (icsk_pending) holds
    // either the tail-loss probe or RACK's reordering timer: the reordering timer takes the probe's slot, the wait for
    // the link's transmitter (TCP Small Queues: data to send, so no zero-window probing) the persist timer's.
    private TimerKind _probeSlotHolder = TimerKind.LossProbe;
    private TimerKind _persistSlotHolder = TimerKind.Persist;

    private static int SlotOf(TimerKind kind) => kind switch
    {
        TimerKind.Reorder => (int)TimerKind.LossProbe,
        TimerKind.SmallQueue => (int)TimerKind.Persist,
        _ => (int)kind,
    };

    private TimerKind Holder(int index) => index switch
    {
        (int)TimerKind.LossProbe => _probeSlotHolder,
        (int)TimerKind.Persist => _persistSlotHolder,
        _ => (TimerKind)index,
    };

    private bool Armed(TimerKind kind)
    {
        int index = SlotOf(kind);
        return _timers[index].Armed && Holder(index) == kind;
    }

    private void Arm(TimerKind kind, SimDuration after)
    {
        SimTime deadline = _ctx.Now + after;
        int index = SlotOf(kind);
        if (index == (int)TimerKind.LossProbe) _probeSlotHolder = kind;
        else if (index == (int)TimerKind.Persist) _persistSlotHolder = kind;
        if (_timers[index].Arm(deadline, out int generation))
            _ctx.WakeAt(this, kind, deadline, generation);
        if (_ctx.Trace is { RecordsWire: true } trace) trace.Add(new TimerSet(_ctx.Now, Name, kind, deadline));
    }

    private void Requeue(TimerKind kind)
    {
        ref TimerSlot slot = ref _timers[SlotOf(kind)];
        if (slot.Arm(slot.Deadline, out int generation)) _ctx.WakeAt(this, kind, slot.Deadline, generation);
    }

    /// <summary>Stops the timer; a shared slot holding the other timer of its pair is left alone.</summary>
    private void Cancel(TimerKind kind)
    {
        if (Armed(kind)) _timers[SlotOf(kind)].Cancel();
    }

    private void CancelAllTimers()
    {
        for (int i = 0; i < TimerSlots.Count; i++) _timers[i].Cancel();
    }

    private void Result(string what, string result, string? detail = null) =>
        _ctx.Trace?.Add(new AppResult(_ctx.Now, Name, what, result, detail));

    /// <summary>The one place a state changes: records it and does what entering the state implies.</summary>
    private void SetState(TcpState to, string cause)
    {
        TcpState from = State;
        if (from == to) return;
        State = to;
        _ctx.Trace?.Add(new StateChanged(_ctx.Now, Name, from, to, cause));
        CountHalfOpen(from, to);
        switch (to)
        {
            case TcpState.Established:
                // The details are formatted only when traced: in bulk runs they were 1/7 of the time.
                if (_active)
                {
                    if (_ctx.Trace is not null) Result("connect", "ok", $"after {(_ctx.Now - _connectStarted).TotalMilliseconds:0.###} ms");
                    _ctx.Notify(this, AppEventKind.Established);
                }
                else if (Listener is TcpEndpoint listener) listener.OnChildEstablished(this);
                else Hand();                                              // simultaneous open: no listener
                break;
            case TcpState.TimeWait:
                CancelLossTimers();
                Cancel(TimerKind.SmallQueue);
                Cancel(TimerKind.DelayedAck);
                Cancel(TimerKind.FinWait2);
                Cancel(TimerKind.Persist);
                Arm(TimerKind.TimeWait, Settings.TimeWait);
                ReleaseBuffers();
                break;
            case TcpState.FinWait2:
                if (_orphaned) ArmFinWait2Timeout();
                break;
            case TcpState.Listen:
                _ctx.SetRegistered(this, true);
                break;
            case TcpState.Closed:
                CancelAllTimers();
                ReleaseBuffers();
                _ctx.SetRegistered(this, false);
                Result("closed", Error ?? "ok");
                _ctx.Notify(this, AppEventKind.Closed);
                break;
        }
    }

    private void ArmFinWait2Timeout()
    {
        if (Settings.FinTimeout is SimDuration t) Arm(TimerKind.FinWait2, t);
    }

    /// <summary>Ends the connection with an error the application sees (ECONNREFUSED, ETIMEDOUT, ECONNRESET, EPIPE).</summary>
    private void Fail(string errno, string cause)
    {
        Error = errno;
        bool connecting = State is TcpState.SynSent || (State is TcpState.SynReceived && _active);
        _errorPending = !connecting;
        Result(connecting ? "connect" : "failed", errno, cause);
        _ctx.Notify(this, AppEventKind.Failed);
        SetState(TcpState.Closed, cause);
    }

    /// <summary>Creates an accepted connection's endpoint state from a SYN that reached this listener.</summary>
    internal string NextChildName() => $"{Name}#{++_listen!.Children}";
}
