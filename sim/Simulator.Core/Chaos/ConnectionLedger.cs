using System.Globalization;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Chaos;

/// <summary>
/// Follows every connection of a trace, as the applications saw it: bytes written (successful <c>send</c> calls),
/// bytes delivered (<c>received</c> totals) and which connection each delivery came from. A connection is one
/// incarnation of an endpoint (from CLOSED, or an accepted connection's start); its peer is the connection that sent
/// the segment that synchronized it (the SYN an accepted connection grew from, the SYN-ACK or SYN a connecting
/// socket took). A delivery is attributed to the sender of the segment whose arrival produced it.
/// </summary>
internal sealed class ConnectionLedger
{
    /// <summary>What the ledger found wrong; <see cref="Complete"/> findings are about EOF, the others about order.</summary>
    public enum Finding { Order, Complete }

    private readonly Dictionary<string, Connection> _current = [];
    private readonly Dictionary<long, Connection?> _origin = [];
    private readonly Dictionary<string, long> _pendingWrite = [];
    private readonly HashSet<long> _pureSyns = [];
    private Connection? _lastOrigin;
    private bool _allowOtherConnections;
    private string? _lastReceiver;

    /// <summary>The first finding of <paramref name="kind"/> in the trace, or null.</summary>
    public static string? First(Trace trace, Finding kind, bool allowOtherConnections = false)
    {
        var ledger = new ConnectionLedger { _allowOtherConnections = allowOtherConnections };
        foreach (TraceEvent e in trace.Events)
        {
            if (ledger.Step(e) is (Finding found, string message) && found == kind) return message;
        }
        return null;
    }

    private (Finding, string)? Step(TraceEvent e)
    {
        switch (e)
        {
            case StateChanged c:
                OnStateChanged(c);
                return null;
            case SegmentSent s:
                if ((s.Segment.Flags & (TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst)) == TcpFlags.Syn) _pureSyns.Add(s.Id);
                // A listener sends for no connection of its own: its SYN-ACK with a SYN cookie stands for the connection a
                // valid ACK will make (as the endpoint takes it, the segment has no origin).
                _origin[s.Id] = s.Sender is string sender ? (_current.GetValueOrDefault(sender) is { State: not TcpState.Listen } own ? own : null)
                    : s.Fate == SegmentFate.Duplicate && CopyOf(s.Cause) is long original ? _origin.GetValueOrDefault(original)
                    : null;
                return null;
            case SegmentDelivered d:
                _lastOrigin = _origin.GetValueOrDefault(d.Id);
                _lastReceiver = d.Receiver;
                // A SYN again in SYN-RECEIVED (same ISN, as the endpoint takes it): the connection is the sender's now.
                if (_pureSyns.Contains(d.Id) && _lastOrigin is not null && d.Receiver is string receiver && _current.TryGetValue(receiver, out Connection? half)
                    && half.State == TcpState.SynReceived)
                    half.Peer = _lastOrigin;
                return null;
            case AppCall { Call: "send" } call when _current.TryGetValue(call.Endpoint, out Connection? writer):
                long bytes = long.Parse(call.Detail ?? "0", CultureInfo.InvariantCulture);
                writer.Written += bytes;
                _pendingWrite[call.Endpoint] = bytes;
                return null;
            case AppResult { Event: "send", Result: "EPIPE" } failed when _current.TryGetValue(failed.Endpoint, out Connection? writer):
                writer.Written -= _pendingWrite.GetValueOrDefault(failed.Endpoint);
                return null;
            case AppResult { Event: "received" } r when _current.TryGetValue(r.Endpoint, out Connection? reader):
                return OnReceived(r, reader);
            case AppResult { Event: "eof" } eof when _current.TryGetValue(eof.Endpoint, out Connection? reader):
                return OnEof(eof, reader);
            default:
                return null;
        }
    }

    private void OnStateChanged(StateChanged c)
    {
        bool known = _current.TryGetValue(c.Endpoint, out Connection? conn);
        if (!known || c.From == TcpState.Closed)
            _current[c.Endpoint] = conn = new Connection(c.Endpoint, known ? conn!.Incarnation + 1 : 1);
        conn!.State = c.To;
        if (!conn.PeerKnown && c.To is TcpState.SynReceived or TcpState.Established)
        {
            conn.Peer = _lastOrigin;
            conn.PeerKnown = true;
        }
        // The ACK that completes a passive open says whose connection it is (as the endpoint takes it): an earlier
        // socket's SYN with the same ISN may have opened it.
        else if (c.From == TcpState.SynReceived && c.To == TcpState.Established && _lastOrigin is not null)
            conn.Peer = _lastOrigin;
    }

    private (Finding, string)? OnReceived(AppResult r, Connection reader)
    {
        long total = long.Parse(r.Detail ?? r.Result, CultureInfo.InvariantCulture);
        long fresh = total - reader.Received;
        string at = $"at {r.Time.ToMillisecondsString()} ms";
        if (fresh <= 0)
            return (Finding.Order, $"{reader} {at}: the delivered total went from {reader.Received} to {total} bytes (delivered twice?)");
        reader.Received = total;
        Connection? origin = _lastReceiver == r.Endpoint ? _lastOrigin : null;
        if (origin is null || !reader.PeerKnown || reader.Peer is null)
        {
            reader.Unattributed += fresh;                         // injected segments, or a connection opened by one
            return null;
        }
        if (!ReferenceEquals(origin, reader.Peer) && _allowOtherConnections)
        {
            reader.Unattributed += fresh;                         // an earlier incarnation's bytes, let through by a variant
            return null;
        }
        if (!ReferenceEquals(origin, reader.Peer))
            return (Finding.Order, $"{reader} {at}: {fresh} bytes delivered from {origin}, another connection than its peer {reader.Peer}");
        reader.FromPeer += fresh;
        if (reader.FromPeer > reader.Peer.Written)
            return (Finding.Order, $"{reader} {at}: {reader.FromPeer} bytes delivered, but {reader.Peer} wrote only {reader.Peer.Written}");
        return null;
    }

    private static (Finding, string)? OnEof(AppResult eof, Connection reader)
    {
        if (!reader.PeerKnown || reader.Peer is null || reader.Unattributed > 0) return null;
        if (reader.FromPeer == reader.Peer.Written) return null;
        return (Finding.Complete, $"{reader} at {eof.Time.ToMillisecondsString()} ms: end of stream after {reader.FromPeer} bytes, but {reader.Peer} wrote {reader.Peer.Written}");
    }

    /// <summary>The original's id in a copy's cause, <c>copy of segment N</c>.</summary>
    private static long? CopyOf(string? cause)
    {
        const string Prefix = "copy of segment ";
        return cause is not null && cause.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(cause.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : null;
    }

    private sealed class Connection(string endpoint, int incarnation)
    {
        public int Incarnation { get; } = incarnation;
        public long Written { get; set; }
        public long Received { get; set; }
        public long FromPeer { get; set; }
        public long Unattributed { get; set; }
        public bool PeerKnown { get; set; }
        public Connection? Peer { get; set; }
        public TcpState State { get; set; }

        public override string ToString() => Incarnation == 1 ? endpoint : $"{endpoint} (connection {Incarnation})";
    }
}
