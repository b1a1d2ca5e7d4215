using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Chaos;

/// <summary>
/// Every state change is an arc of the RFC 9293 state diagram (3.3.2, with the event processing rules of 3.10.7),
/// and starts from the state the endpoint was in. Extras this model documents: an accepted connection starts as a
/// copy of its listener (LISTEN → SYN-RECEIVED); a half-open connection a listener drops goes to CLOSED instead of
/// back to LISTEN; an orphaned FIN-WAIT-2 times out to CLOSED (Linux tcp_fin_timeout); ABORT, RST or a retry
/// limit ends any state in CLOSED.
/// </summary>
public sealed class LegalTransitions(bool allowVariants = false) : IInvariant
{
    private static readonly Dictionary<TcpState, TcpState[]> Arcs = new()
    {
        [TcpState.Closed] = [TcpState.Listen, TcpState.SynSent],
        [TcpState.Listen] = [TcpState.SynReceived, TcpState.SynSent, TcpState.Closed],
        [TcpState.SynSent] = [TcpState.SynReceived, TcpState.Established, TcpState.Closed],
        // FIN in SYN-RECEIVED: CLOSE-WAIT (3.10.7.4, eighth); close() in SYN-RECEIVED: FIN-WAIT-1 (3.10.4).
        [TcpState.SynReceived] = [TcpState.Established, TcpState.FinWait1, TcpState.CloseWait, TcpState.Closed],
        [TcpState.Established] = [TcpState.FinWait1, TcpState.CloseWait, TcpState.Closed],
        [TcpState.FinWait1] = [TcpState.FinWait2, TcpState.Closing, TcpState.TimeWait, TcpState.Closed],
        [TcpState.FinWait2] = [TcpState.TimeWait, TcpState.Closed],
        [TcpState.CloseWait] = [TcpState.LastAck, TcpState.Closed],
        [TcpState.Closing] = [TcpState.TimeWait, TcpState.Closed],
        [TcpState.LastAck] = [TcpState.Closed],
        [TcpState.TimeWait] = [TcpState.Closed],
    };

    public string Name => "transitions";

    public string Description => "every state change is a legal RFC 9293 transition from the current state";

    public static bool IsLegal(TcpState from, TcpState to) => Arcs[from].Contains(to);

    /// <summary>
    /// Arcs only the protocol variants take: handshake two-way (LISTEN straight to ESTABLISHED) and time_wait 0s
    /// (the closer straight to CLOSED where TIME-WAIT would begin).
    /// </summary>
    public static bool IsVariantArc(TcpState from, TcpState to) =>
        (from == TcpState.Listen && to == TcpState.Established)
        || (to == TcpState.Closed && from is TcpState.FinWait1 or TcpState.FinWait2 or TcpState.Closing);

    public Violation? Check(Trace trace)
    {
        var current = new Dictionary<string, TcpState>();
        var listenerOf = new Dictionary<string, string?>();
        foreach (TraceEvent e in trace.Events)
        {
            if (e is EndpointCreated created) listenerOf[created.Endpoint] = created.Listener;
            if (e is not StateChanged change) continue;
            // An accepted connection begins as its listener's copy, in LISTEN; every other socket in CLOSED.
            TcpState expected = current.TryGetValue(change.Endpoint, out TcpState s) ? s
                : listenerOf.GetValueOrDefault(change.Endpoint) is not null ? TcpState.Listen : TcpState.Closed;
            if (change.From != expected)
                return new Violation(Name, $"{change.Endpoint} at {change.Time.ToMillisecondsString()} ms: change from {change.From.ToRfcName()} while in {expected.ToRfcName()}");
            if (!IsLegal(change.From, change.To) && !(allowVariants && IsVariantArc(change.From, change.To)))
                return new Violation(Name, $"{change.Endpoint} at {change.Time.ToMillisecondsString()} ms: {change.From.ToRfcName()} → {change.To.ToRfcName()} is not a transition of RFC 9293 ({change.Cause})");
            current[change.Endpoint] = change.To;
        }
        return null;
    }
}
