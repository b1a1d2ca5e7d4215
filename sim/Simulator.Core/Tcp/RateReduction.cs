namespace Simulator.Core.Tcp;

/// <summary>
/// The congestion window through fast recovery, as Linux sets it with CUBIC: proportional rate reduction (RFC 6937;
/// tcp_init_cwnd_reduction, tcp_cwnd_reduction, tcp_end_cwnd_reduction). Outside recovery the window is not
/// modelled: it stays where recovery left it, the initial window (TCP_INIT_CWND) before any, and limits nothing.
/// Counts are in segments (packets), as Linux counts them.
/// </summary>
internal struct RateReduction
{
    /// <summary>TCP_INIT_CWND.</summary>
    public const int InitialWindow = 10;

    /// <summary>CUBIC's multiplicative decrease, beta = 717/1024 (bictcp_recalc_ssthresh).</summary>
    private const int BetaScaled = 717, BetaScale = 1024;

    private int _cwnd;
    private int _ssthresh;
    private int _priorCwnd;
    private int _delivered;   // prr_delivered
    private int _out;         // prr_out

    public readonly int Cwnd => _cwnd == 0 ? InitialWindow : _cwnd;

    public readonly int Ssthresh => _ssthresh;

    /// <summary>tcp_init_cwnd_reduction: recovery starts from the window of now; ssthresh is CUBIC's.</summary>
    public void Start()
    {
        _priorCwnd = Cwnd;
        _cwnd = _priorCwnd;
        _delivered = 0;
        _out = 0;
        _ssthresh = Math.Max(_priorCwnd * BetaScaled / BetaScale, 2);
    }

    /// <summary>
    /// tcp_cwnd_reduction after an ACK that reported <paramref name="newlyDelivered"/> segments delivered
    /// (acknowledged or SACKed) and marked <paramref name="newlyLost"/> lost, with <paramref name="inFlight"/>
    /// segments in flight: while more than ssthresh are in flight the window shrinks in proportion to what is
    /// delivered; below it each delivered segment lets one go (one more when SND.UNA advanced and nothing new was
    /// lost); the first call lets at least the fast retransmission go.
    /// </summary>
    public void OnDelivered(int newlyDelivered, int newlyLost, bool unaAdvanced, int inFlight)
    {
        if (newlyDelivered <= 0) return;
        int delta = _ssthresh - inFlight;
        _delivered += newlyDelivered;
        int sendCount;
        if (delta < 0)
            sendCount = (int)(((long)_ssthresh * _delivered + _priorCwnd - 1) / _priorCwnd) - _out;
        else
        {
            sendCount = Math.Max(_delivered - _out, newlyDelivered);
            if (unaAdvanced && newlyLost == 0) sendCount++;
            sendCount = Math.Min(delta, sendCount);
        }
        sendCount = Math.Max(sendCount, _out > 0 ? 0 : 1);
        _cwnd = inFlight + sendCount;
    }

    /// <summary>A segment, resent or new, left during the reduction (prr_out).</summary>
    public void Sent() => _out++;

    /// <summary>tcp_end_cwnd_reduction: recovery is over; the window is ssthresh.</summary>
    public void End() => _cwnd = _ssthresh;
}
