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
/// range from a starting offset, ports of the start's parity first, then the others, taking the first port that
/// no bound socket holds and whose 4-tuple to the destination is free. A 4-tuple held by TIME-WAIT is free only
/// when tcp_tw_reuse allows it (tcp_twsk_unique); otherwise every port taken gives EADDRNOTAVAIL.
/// </summary>
public sealed class PortAllocator
{
    /// <summary>tcp_tw_reuse_delay: a TIME-WAIT is reusable once its last timestamp is this old (1 s).</summary>
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
    /// <paramref name="start"/>; a TIME-WAIT in the way is ended if tcp_tw_reuse allows. Null: EADDRNOTAVAIL.
    /// </summary>
    public ushort? Pick(TcpEndpoint ep, TransportAddress remote, ushort start, Time.SimTime now)
    {
        int count = Range.Count;
        int offset = Math.Clamp(start - Range.Low, 0, count - 1);
        for (int parity = 0; parity < 2; parity++)
        {
            // First the ports of the start's parity, then the others (step 2, wrapping around the range).
            for (int i = parity; i < count; i += 2)
            {
                ushort port = (ushort)(Range.Low + (offset + i) % count);
                if (Usable(ep, port, remote, now)) return port;
            }
        }
        return null;
    }

    private bool Usable(TcpEndpoint ep, ushort port, TransportAddress remote, Time.SimTime now)
    {
        if (_host.IsBound(port) || _host.FindListener(port) is not null) return false;
        TcpEndpoint? holder = _host.FindConnection(port, remote);
        if (holder is null || ReferenceEquals(holder, ep)) return true;
        if (holder.State != TcpState.TimeWait || !TwReusable(holder, ep.Settings, now)) return false;
        holder.EndTimeWaitForReuse();
        return true;
    }

    /// <summary>tcp_twsk_unique: tcp_tw_reuse 1 and timestamps in use, the last one at least 1 s old (2: loopback only).</summary>
    private static bool TwReusable(TcpEndpoint timeWait, TcpSettings settings, Time.SimTime now) =>
        settings.TwReuse == 1 && timeWait.TsRecentStamp.TryGet(out Time.SimTime stamp) && now - stamp >= TwReuseDelay;
}
