using Simulator.Core.Time;

namespace Simulator.Core.Tcp;

/// <summary>
/// Smoothed RTT and the retransmission timeout (RFC 6298 section 2). The Linux profile keeps Linux's floor:
/// RTO = SRTT + max(4 RTTVAR, rto_min) (tcp_set_rto: rttvar is at least tcp_rto_min), which gives ~200 ms on a LAN;
/// the RFC profile uses RTO = max(SRTT + 4 RTTVAR, rto_min).
/// A struct kept inside its endpoint: no object (and no allocation) per connection.
/// </summary>
public struct RttEstimator
{
    private readonly TcpSettings _settings;

    public RttEstimator(TcpSettings settings)
    {
        _settings = settings;
        Rto = settings.RtoInitial;
    }

    public SimDuration? Srtt { get; private set; }
    public SimDuration Rttvar { get; private set; }
    /// <summary>The smallest RTT sampled (Linux tcp_min_rtt, over the connection rather than a 5-minute window); RACK's reordering window is a quarter of it.</summary>
    public SimDuration? MinRtt { get; private set; }
    /// <summary>The current timeout before any backoff.</summary>
    public SimDuration Rto { get; private set; }

    public void Sample(SimDuration r)
    {
        if (MinRtt is not SimDuration min || r < min) MinRtt = r;   // tcp_update_rtt_min
        if (Srtt is not SimDuration srtt)
        {
            Srtt = r;                                   // RFC 6298 (2.2)
            Rttvar = r / 2;
        }
        else
        {
            long delta = Math.Abs(srtt.Nanoseconds - r.Nanoseconds);
            Rttvar = SimDuration.FromNanoseconds((3 * Rttvar.Nanoseconds + delta) / 4);   // (2.3), beta = 1/4
            Srtt = SimDuration.FromNanoseconds((7 * srtt.Nanoseconds + r.Nanoseconds) / 8); // alpha = 1/8
        }
        SimDuration s = Srtt.Value;
        SimDuration rto = _settings.RtoFormula == RtoFormula.Linux
            ? s + SimDuration.Max(Rttvar * 4, _settings.RtoMin)
            : SimDuration.Max(s + Rttvar * 4, _settings.RtoMin);
        Rto = SimDuration.Min(_settings.InTicks(rto), _settings.RtoMax);   // (2.4), (2.5); Linux: whole jiffies
    }

    /// <summary>Overrides the timeout (RFC 6298 5.7: 3 s after a SYN timed out).</summary>
    public void Reset(SimDuration rto) => Rto = rto;

    /// <summary>The timeout after <paramref name="backoff"/> doublings (5.5), capped at rto_max.</summary>
    public readonly SimDuration Backed(int backoff) => Doubled(Rto, backoff, _settings.RtoMax);

    /// <summary><paramref name="timeout"/> doubled <paramref name="times"/> times, capped at <paramref name="max"/>.</summary>
    public static SimDuration Doubled(SimDuration timeout, int times, SimDuration max)
    {
        long ns = timeout.Nanoseconds;
        for (int i = 0; i < times && ns < max.Nanoseconds; i++) ns *= 2;
        return SimDuration.Min(SimDuration.FromNanoseconds(ns), max);
    }
}
