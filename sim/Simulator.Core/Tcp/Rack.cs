using Simulator.Core.Time;

namespace Simulator.Core.Tcp;

/// <summary>
/// RACK (RFC 8985) as Linux keeps it (<c>tp->rack</c>, net/ipv4/tcp_recovery.c): the send time and end of the most
/// recently sent segment known delivered, and that segment's RTT. A segment sent before it and still neither
/// acknowledged nor SACKed after that RTT plus a reordering window is lost. The endpoint walks its segments
/// (TcpEndpoint.Recovery.cs); this struct holds the state and the arithmetic. Inside its endpoint: no allocation.
/// </summary>
internal struct Rack
{
    private SimTime _xmitTime;   // rack.mstamp
    private SeqNum _endSeq;      // rack.end_seq
    private bool _any;

    /// <summary>rack.rtt_us: the RTT of the segment most recently delivered.</summary>
    public SimDuration Rtt { get; private set; }

    /// <summary>rack.advanced: a delivery since the last loss scan.</summary>
    public bool Advanced { get; set; }

    /// <summary>tp->reord_seen: a never-resent segment was delivered after one sent later (reordering, not loss).</summary>
    public bool ReorderingSeen { get; set; }

    /// <summary>
    /// tcp_rack_advance: a segment sent at <paramref name="xmitTime"/> ending at <paramref name="endSeq"/> was
    /// acknowledged or SACKed now. A resent segment delivered sooner than min_rtt after its last transmission is
    /// ambiguous (the original may have arrived) and is not taken.
    /// </summary>
    public void Advance(bool retransmitted, SeqNum endSeq, SimTime xmitTime, SimTime now, SimDuration? minRtt)
    {
        SimDuration rtt = now - xmitTime;
        if (retransmitted && minRtt is SimDuration min && rtt < min) return;
        Advanced = true;
        Rtt = rtt;
        if (!_any || SentAfter(xmitTime, _xmitTime, endSeq, _endSeq))
        {
            _xmitTime = xmitTime;
            _endSeq = endSeq;
            _any = true;
        }
    }

    /// <summary>The segment (sent at <paramref name="xmitTime"/>, ending at <paramref name="endSeq"/>) left before the one RACK holds (tcp_skb_sent_after).</summary>
    public readonly bool SentBefore(SimTime xmitTime, SeqNum endSeq) =>
        _any && SentAfter(_xmitTime, xmitTime, _endSeq, endSeq);

    /// <summary>tcp_rack_skb_timeout: how long a segment sent at <paramref name="xmitTime"/> may still wait before it counts as lost; zero or less: lost.</summary>
    public readonly SimDuration Remaining(SimTime xmitTime, SimDuration reoWnd, SimTime now) => Rtt + reoWnd - (now - xmitTime);

    /// <summary>
    /// tcp_rack_reo_wnd: no reordering seen, the window is zero in recovery and once <paramref name="reordering"/>
    /// segments are SACKed (the duplicate-ACK threshold, RFC 8985 6.2 step 4); otherwise min_rtt / 4, at most SRTT.
    /// </summary>
    public readonly SimDuration ReorderWindow(bool inRecovery, int sackedOut, int reordering, SimDuration? minRtt, SimDuration? srtt)
    {
        if (!ReorderingSeen && (inRecovery || sackedOut >= reordering)) return SimDuration.Zero;
        SimDuration quarter = minRtt is SimDuration m ? m / 4 : srtt ?? SimDuration.Zero;
        return srtt is SimDuration s ? SimDuration.Min(quarter, s) : quarter;
    }

    private static bool SentAfter(SimTime t1, SimTime t2, SeqNum seq1, SeqNum seq2) => t1 > t2 || (t1 == t2 && seq1 > seq2);
}
