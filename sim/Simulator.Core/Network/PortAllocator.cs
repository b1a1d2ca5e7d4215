using Simulator.Core.Tcp;

namespace Simulator.Core.Network;

/// <summary>A host's ephemeral port range (Linux net.ipv4.ip_local_port_range), both ends included.</summary>
public readonly record struct PortRange(ushort Low, ushort High)
{
    /// <summary>Linux's default ip_local_port_range.</summary>
    public static readonly PortRange Linux = new(32768, 60999);

    public int Count => High - Low + 1;

    public override string ToString() => $"{Low}-{High}";
}

/// <summary>
/// Picks the local port of a connect() without one, as Linux's __inet_hash_connect does: a walk over the host's
/// range from a starting offset, first the ports at an even offset from the range's low end, then the others,
/// taking the first port that no bound socket holds and whose 4-tuple to the destination is free. A 4-tuple held
/// by TIME-WAIT is free only when tcp_tw_reuse allows it (tcp_twsk_unique); otherwise every port taken gives
/// EADDRNOTAVAIL.
/// </summary>
public sealed class PortAllocator
{
    /// <summary>tcp_tw_reuse_delay: a TIME-WAIT is reusable once it is older than this (1 s).</summary>
    public static readonly Time.SimDuration TwReuseDelay = Time.SimDuration.FromSeconds(1);

    private readonly HostNode _host;

    public PortAllocator(HostNode host, PortRange range)
    {
        _host = host;
        Range = range;
    }

    public PortRange Range { get; }

    /// <summary>
    /// A port for <paramref name="ep"/>'s connection to <paramref name="remote"/>, starting the walk at
    /// <paramref name="start"/>; a TIME-WAIT in the way is ended if tcp_tw_reuse allows, and <paramref name="iss"/>
    /// is then the ISS it chose for the new connection. Null: EADDRNOTAVAIL.
    /// </summary>
    public ushort? Pick(TcpEndpoint ep, TransportAddress remote, ushort start, Time.SimTime now, out SeqNum? iss)
    {
        iss = null;
        // __inet_hash_connect: the walk covers an even number of ports ("remaining &= ~1U": with an odd count the
        // last port of the range is never reached), and the start is rounded down to an even offset ("offset &=
        // ~1U": low's parity first); each pass steps by 2, wrapping by "port -= remaining", the second pass starts
        // one port further (the other parity).
        int count = Range.Count;
        int remaining = count > 1 ? count & ~1 : count;
        int offset = Math.Clamp(start - Range.Low, 0, count - 1) % remaining & ~1;
        do
        {
            for (int i = 0; i < remaining; i += 2)
            {
                int p = offset + i;
                if (p >= count) p -= remaining;
                ushort port = (ushort)(Range.Low + p);
                if (Usable(ep, port, remote, now, ref iss)) return port;
            }
            offset++;
        }
        while ((offset & 1) == 1 && remaining > 1);
        return null;
    }

    private bool Usable(TcpEndpoint ep, ushort port, TransportAddress remote, Time.SimTime now, ref SeqNum? iss)
    {
        if (_host.IsBound(port) || _host.FindListener(port) is not null) return false;
        TcpEndpoint? holder = _host.FindConnection(port, remote);
        if (holder is null || ReferenceEquals(holder, ep)) return true;
        if (holder.State != TcpState.TimeWait || !TwReusable(holder, ep.Settings, now)) return false;
        iss = holder.EndTimeWaitForReuse();
        return true;
    }

    /// <summary>
    /// tcp_twsk_unique: tcp_tw_reuse 1, timestamps in use (tw_ts_recent_stamp set), and more than
    /// tcp_tw_reuse_delay since the socket entered TIME-WAIT (tw_entry_stamp; a FIN resent into TIME-WAIT refreshes
    /// the timestamp, not the entry time). 2: loopback only.
    /// </summary>
    private static bool TwReusable(TcpEndpoint timeWait, TcpSettings settings, Time.SimTime now) =>
        settings.TwReuse == 1 && timeWait.TimestampsOn && timeWait.TimeWaitEntered.TryGet(out Time.SimTime entered)
        && now - entered > TwReuseDelay;
}
