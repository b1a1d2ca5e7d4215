using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Time;

namespace Simulator.Core.Tracing;

/// <summary>Something that happened in a run, at a simulated instant. The trace is the only product of a run.</summary>
public abstract record TraceEvent(SimTime Time);

/// <summary>What the network did with a segment.</summary>
public enum SegmentFate
{
    /// <summary>Crossed the link and reached the receiving host.</summary>
    Delivered,
    /// <summary>Dropped by a fault or by random loss.</summary>
    Lost,
    /// <summary>Held by a delay fault, then delivered.</summary>
    Delayed,
    /// <summary>A copy made by the network (duplicate fault or random duplication), then delivered.</summary>
    Duplicate,
    /// <summary>Put on the wire by the scenario's <c>inject:</c> list, not by an endpoint.</summary>
    Injected,
}

/// <summary>A host created an endpoint: a socket of the scenario, or a connection accepted by a listener.</summary>
public sealed record EndpointCreated(SimTime Time, string Endpoint, string Host, ushort Port, string? Listener) : TraceEvent(Time);

/// <summary>
/// A segment left its sender (one line of <c>segments.txt</c>). <see cref="Sender"/> is the endpoint that sent it,
/// or null when a host's stack answered for a port with no socket, or for an injected segment.
/// <see cref="ArrivesAt"/> is null when the segment is lost.
/// </summary>
public sealed record SegmentSent(
    SimTime Time,
    long Id,
    string FromHost,
    string ToHost,
    Segment Segment,
    SegmentFate Fate,
    string? Sender,
    bool Retransmission,
    SimTime? ArrivesAt,
    string? Cause) : TraceEvent(Time);

/// <summary>A segment reached its destination host; <see cref="Receiver"/> is the endpoint that took it, or null (no socket).</summary>
public sealed record SegmentDelivered(SimTime Time, long Id, string ToHost, string? Receiver) : TraceEvent(Time);

/// <summary>An endpoint changed state; every change passes one place in the endpoint.</summary>
public sealed record StateChanged(SimTime Time, string Endpoint, TcpState From, TcpState To, string Cause) : TraceEvent(Time);

public enum TimerKind : byte
{
    /// <summary>Retransmission of SYN, SYN-ACK, data or FIN (RFC 6298).</summary>
    Retransmit,
    /// <summary>Delayed acknowledgement (RFC 9293 3.8.6.3, Linux TCP_DELACK_MIN).</summary>
    DelayedAck,
    /// <summary>2 MSL in TIME-WAIT (Linux TCP_TIMEWAIT_LEN).</summary>
    TimeWait,
    /// <summary>An orphaned FIN-WAIT-2 gives up (Linux tcp_fin_timeout).</summary>
    FinWait2,
    /// <summary>Tail-loss probe (RFC 8985 section 7; Linux tcp_schedule_loss_probe): armed instead of the retransmission timer.</summary>
    LossProbe,
    /// <summary>Persist timer: zero-window probes with backoff (RFC 9293 3.8.6.1; Linux tcp_probe_timer).</summary>
    Persist,
    /// <summary>RACK reordering timer (RFC 8985 6.3; Linux tcp_rack_reo_timeout): a segment is declared lost once its reordering window has passed.</summary>
    Reorder,
    /// <summary>
    /// TCP Small Queues (Linux tcp_small_queue_check, tcp_tsq_handler): new data waits while the link still serializes
    /// the segment before it, and goes when the transmitter is free.
    /// </summary>
    SmallQueue,
}

public sealed record TimerSet(SimTime Time, string Endpoint, TimerKind Timer, SimTime Deadline) : TraceEvent(Time);

public sealed record TimerFired(SimTime Time, string Endpoint, TimerKind Timer) : TraceEvent(Time);

/// <summary>An application called the socket API: <c>listen</c>, <c>connect</c>, <c>send</c>, <c>close</c>, <c>shutdown</c>, <c>abort</c>.</summary>
public sealed record AppCall(SimTime Time, string Endpoint, string Call, string? Detail) : TraceEvent(Time);

/// <summary>
/// What an application learned: <c>connect</c> with <c>ok</c> or an errno name, <c>accepted</c>, <c>received</c>
/// (detail: total bytes), <c>eof</c>, <c>closed</c>, <c>failed</c> (result: errno name).
/// </summary>
public sealed record AppResult(SimTime Time, string Endpoint, string Event, string Result, string? Detail) : TraceEvent(Time);

/// <summary>
/// A connection delivered to its application bytes that an earlier incarnation of its 4-tuple sent (a delayed
/// segment of an old connection taken as new data). <see cref="Seq"/> is the absolute sequence number of the first
/// such byte; <see cref="Sender"/> and <see cref="SenderConnection"/> name the connection that sent them (the
/// sending socket and which of its connections, counted from 1).
/// </summary>
public sealed record StaleDataDelivered(SimTime Time, string Endpoint, long Bytes, SeqNum Seq, string Sender, int SenderConnection) : TraceEvent(Time);

/// <summary>A targeted fault of the scenario matched a segment and acted on it.</summary>
public sealed record FaultApplied(SimTime Time, int Rule, string Description, long SegmentId, string Action) : TraceEvent(Time);

/// <summary>The run stopped: no event left, the stop time, or the event limit.</summary>
public sealed record RunEnded(SimTime Time, string Reason, long EventsProcessed) : TraceEvent(Time);
