using Simulator.Core.Time;

namespace Simulator.Core.Tcp;

/// <summary>
/// Tail-loss probe (RFC 8985 section 7) as Linux runs it: when the last segment in flight may be lost, a probe
/// (the last segment again) leaves after the probe timeout instead of waiting for the RTO, and a full RTO is armed
/// from the probe. At most one probe is outstanding per episode. The state of one episode lives here; the endpoint
/// arms the shared transmit timer (TcpEndpoint, "Tail-loss probe" section).
/// </summary>
internal struct TailLossProbe
{
    /// <summary>TCP_TIMEOUT_MIN: the probe timeout's allowance for more than one segment in flight.</summary>
    private static readonly SimDuration TimeoutMin = SimDuration.FromMilliseconds(2);

    private SeqNum _highSeq;   // SND.NXT when the probe left (tlp_high_seq); meaningful while _outstanding
    private bool _outstanding;
    private bool _retransmitted; // the probe resent old data (tlp_retrans), rather than sending new data

    /// <summary>A probe of this episode is still unacknowledged (tlp_high_seq != 0): no second probe.</summary>
    public readonly bool Outstanding => _outstanding;

    /// <summary>
    /// The probe timeout (tcp_schedule_loss_probe): 2·SRTT plus rto_min when one segment is in flight (room for the
    /// peer's delayed ACK) or TCP_TIMEOUT_MIN otherwise; the initial RTO before any RTT sample; never later than
    /// <paramref name="rtoLeft"/>, what remains of the RTO.
    /// </summary>
    public static SimDuration Timeout(in RttEstimator rtt, int segmentsInFlight, SimDuration rtoLeft, TcpSettings settings)
    {
        SimDuration pto = rtt.Srtt is SimDuration srtt
            ? settings.InTicks(srtt * 2 + (segmentsInFlight == 1 ? settings.RtoMin : TimeoutMin))
            : settings.RtoInitial;
        return rtoLeft > SimDuration.Zero ? SimDuration.Min(pto, rtoLeft) : pto;
    }

    /// <summary>The probe left (tcp_send_loss_probe, probe_sent): remember SND.NXT.</summary>
    public void Sent(SeqNum sndNxt, bool retransmitted)
    {
        _highSeq = sndNxt;
        _outstanding = true;
        _retransmitted = retransmitted;
    }

    /// <summary>
    /// An ACK during the episode (tcp_process_tlp_ack). A probe of new data ends it once acknowledged; a resent probe
    /// ends it on an ACK beyond <c>tlp_high_seq</c> (the loss is repaired: tcp_init_cwnd_reduction) or on a pure
    /// duplicate ACK for it (original and probe both arrived). An ACK of exactly <c>tlp_high_seq</c> that advances
    /// SND.UNA leaves the episode open: the next tail loss then waits for the RTO.
    /// </summary>
    public void OnAck(SeqNum ack, bool pureDuplicate)
    {
        if (!_outstanding || ack < _highSeq) return;
        if (!_retransmitted || ack > _highSeq || pureDuplicate) _outstanding = false;
    }

    /// <summary>The RTO fired (tcp_retransmit_timer): the episode is over.</summary>
    public void Reset() => _outstanding = false;
}
