using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tcp;

/// <summary>
/// Everything an endpoint needs from the world around it. The endpoint itself does no I/O and keeps no clock:
/// it is handed segments and timer expiries, and answers through this interface.
/// </summary>
public interface IEndpointContext
{
    SimTime Now { get; }

    /// <summary>Null when tracing is off; endpoints then build no trace events at all.</summary>
    Trace? Trace { get; }

    /// <summary>
    /// Puts a segment on the wire from <paramref name="from"/>'s host. Returns when it starts to leave: now, or later
    /// when the link is still serializing earlier segments (its send time for RACK, RFC 8985 RACK.xmit_ts).
    /// </summary>
    SimTime Transmit(TcpEndpoint from, in Segment segment, bool retransmission);

    /// <summary>When the link towards <paramref name="from"/>'s peer can start a new segment: now, or later while it serializes earlier ones.</summary>
    SimTime TransmitterFreeAt(TcpEndpoint from);

    /// <summary>Asks to be woken at <paramref name="at"/> for timer <paramref name="kind"/>, quoting <paramref name="generation"/>.</summary>
    void WakeAt(TcpEndpoint ep, TimerKind kind, SimTime at, int generation);

    /// <summary>A listener got a SYN for a new connection: create, register and return the child endpoint.</summary>
    TcpEndpoint Spawn(TcpEndpoint listener, in Segment syn);

    /// <summary>
    /// A new SYN reached <paramref name="timeWait"/> for its 4-tuple: if a listener owns the port, end TIME-WAIT and
    /// hand it the SYN (true); otherwise false.
    /// </summary>
    bool HandToListener(TcpEndpoint timeWait, in Segment syn);

    /// <summary>The endpoint's 4-tuple starts (true) or stops (false) receiving segments.</summary>
    void SetRegistered(TcpEndpoint ep, bool registered);

    /// <summary>Something the application may react to (established, accepted, eof, closed, failed, received).</summary>
    void Notify(TcpEndpoint ep, AppEventKind kind);

    /// <summary>
    /// The local port for <paramref name="ep"/>'s connect() to <paramref name="remote"/>: its own, or for a socket
    /// without a fixed port one picked from the host's ephemeral range; null when none is free (EADDRNOTAVAIL).
    /// <paramref name="iss"/>: the ISS a TIME-WAIT taken for it chose (tcp_tw_reuse), else null.
    /// </summary>
    ushort? ConnectPort(TcpEndpoint ep, TransportAddress remote, out SeqNum? iss);

    /// <summary>A fresh initial sequence number for <paramref name="ep"/>'s next connection.</summary>
    uint NextIsn(TcpEndpoint ep);
}
