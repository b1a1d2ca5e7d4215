namespace Simulator.Core.Tcp;

/// <summary>
/// What only a listener keeps (Linux: the listening sock's request and accept queues): its backlog, the count of
/// connections half-open in SYN-RECEIVED, the SYN cookies it answered with, the completed connections not yet
/// accepted, the accept() calls waiting for one, and the number its children are named by. Made by listen(): a
/// connection's endpoint carries none of it.
/// </summary>
internal sealed class ListenQueues(int backlog)
{
    /// <summary>The listen() backlog (sk_max_ack_backlog).</summary>
    public int Backlog = backlog;

    /// <summary>Connections in SYN-RECEIVED (the SYN queue, reqsk_queue_len).</summary>
    public int HalfOpen;

    /// <summary>SYN-ACKs sent without state, until an ACK uses them or they expire.</summary>
    public LazyList<TcpEndpoint.SynCookie> Cookies;

    /// <summary>Completed connections not yet accepted (sk_ack_backlog).</summary>
    public LazyList<TcpEndpoint> Accepted;

    /// <summary>accept() calls blocked for a connection.</summary>
    public int AcceptsWaiting;

    /// <summary>Children named so far.</summary>
    public int Children;

    /// <summary>sk_acceptq_is_full: more connections wait than the backlog.</summary>
    public bool AcceptQueueFull => Accepted.Count > Backlog;

    /// <summary>inet_csk_reqsk_queue_is_full: more connections wait half-open than the backlog.</summary>
    public bool SynQueueFull => HalfOpen > Backlog;
}
