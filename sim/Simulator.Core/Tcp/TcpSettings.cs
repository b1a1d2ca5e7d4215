using Simulator.Core.Time;

namespace Simulator.Core.Tcp;

/// <summary>
/// Every number and switch that shapes an endpoint's behaviour. A profile (<see cref="TcpProfiles"/>) gives the
/// defaults; a scenario overrides any of them per endpoint with <see cref="TcpOverrides"/>.
/// Names follow the scenario keys (<c>rto_initial</c> → <see cref="RtoInitial"/>).
/// </summary>
public sealed record TcpSettings
{
    public required string Profile { get; init; }
    public required SimDuration RtoInitial { get; init; }
    public required SimDuration RtoMin { get; init; }
    public required SimDuration RtoMax { get; init; }
    /// <summary>SYN retransmissions; with Linux's model this sets a time budget, see <see cref="RetryBudgetIsTime"/>.</summary>
    public required int SynRetries { get; init; }
    public required int SynackRetries { get; init; }
    /// <summary>RTO expiries in SYN-SENT that keep the initial RTO before doubling starts (Linux tcp_syn_linear_timeouts).</summary>
    public required int SynLinearTimeouts { get; init; }
    /// <summary>FIN retransmissions of a closed (orphaned) socket; 0 means 8, as Linux's tcp_orphan_retries.</summary>
    public required int OrphanRetries { get; init; }
    /// <summary>Retransmissions of data in a synchronized state before giving up (Linux tcp_retries2).</summary>
    public required int Retries2 { get; init; }
    /// <summary>
    /// Explicit TIME-WAIT length; null means 2 × <see cref="Msl"/>. Zero is the variant without TIME-WAIT: the
    /// active closer goes straight to CLOSED and its 4-tuple can be reused at once (<see cref="SkipsTimeWait"/>).
    /// </summary>
    public SimDuration? TimeWaitOverride { get; init; }
    public required SimDuration Msl { get; init; }
    /// <summary>How long an orphaned FIN-WAIT-2 waits for the peer's FIN; null: forever.</summary>
    public SimDuration? FinTimeout { get; init; }
    /// <summary>Delayed-ACK timeout; null: every segment is acknowledged at once.</summary>
    public SimDuration? DelayedAck { get; init; }
    /// <summary>Segments acknowledged at once at connection start before delayed ACKs may begin (Linux quick-ACK mode).</summary>
    public required int QuickAcks { get; init; }
    /// <summary>Replies counted before ACKs wait for the next reply (Linux tcp_pingpong_thresh; inet_csk_in_pingpong_mode).</summary>
    public required int PingpongThreshold { get; init; }
    /// <summary>Tail-loss probes (RFC 8985 section 7; Linux tcp_early_retrans = 3) on connections that negotiated SACK.</summary>
    public required bool TailLossProbes { get; init; }
    /// <summary>
    /// RACK loss detection (RFC 8985; Linux tcp_recovery = 1) on connections that negotiated SACK: a segment is lost
    /// once one sent after it is SACKed and a reordering window has passed. Off: the duplicate-ACK threshold alone.
    /// </summary>
    public required bool RackLossDetection { get; init; }
    /// <summary>Duplicate ACKs (or SACKed segments) that prove a loss (RFC 5681 DupThresh, RFC 6675; Linux tcp_reordering).</summary>
    public required int DupAckThreshold { get; init; }

    /// <summary>
    /// In fast recovery the sender's congestion window follows proportional rate reduction (RFC 6937; Linux
    /// tcp_cwnd_reduction): resends and new data leave as ACKs report segments delivered, not all at once.
    /// </summary>
    public bool ProportionalRateReduction { get; init; }

    /// <summary>Which earlier segments make a short segment wait (Nagle's algorithm); see <see cref="NoDelay"/>.</summary>
    public NagleRule Nagle { get; init; }

    /// <summary>TCP_NODELAY: short segments leave at once, Nagle's algorithm is off.</summary>
    public bool NoDelay { get; init; }
    /// <summary>
    /// The clock the retransmission and probe timeouts are counted in (Linux: jiffies, 4 ms at HZ=250; usecs_to_jiffies
    /// rounds up, so an RTO of SRTT + 200 ms is 204 ms on a LAN); null: exact.
    /// </summary>
    public SimDuration? TimerTick { get; init; }
    /// <summary>Fixed initial sequence number; null: drawn from the scenario seed.</summary>
    public uint? Isn { get; init; }
    /// <summary>TCP timestamps (RFC 7323): carried on every segment and used for RTT samples.</summary>
    public required bool Timestamps { get; init; }
    /// <summary>Retry limits as a time budget (Linux tcp_model_timeout: the first expiry past (2^(retries+1) − 1) × base gives up); else a count of retransmissions.</summary>
    public required bool RetryBudgetIsTime { get; init; }
    public required int Mss { get; init; }
    /// <summary>Receive buffer in bytes (Linux sk_rcvbuf, tcp_rmem[1]); the offered window follows its free part.</summary>
    public required int ReceiveBuffer { get; init; }
    /// <summary>Share of the buffer offered as window, in 1/256 (Linux tcp_win_from_space; 256: all of it).</summary>
    public required int WindowScalingRatio { get; init; }
    public required ReceiveWindowRule ReceiveWindowRule { get; init; }
    /// <summary>
    /// Memory a received segment holds beyond its payload while it waits to be read (Linux skb truesize − len:
    /// sk_buff, head and skb_shared_info); 0: the buffer counts payload only.
    /// </summary>
    public int SkbOverhead { get; init; }
    /// <summary>Segments are at most half the largest window the peer offered (Linux tcp_bound_to_half_wnd).</summary>
    public bool BoundToHalfWindow { get; init; }
    /// <summary>A SYN that finds more connections half-open than the backlog is answered with a SYN cookie instead of dropped (Linux tcp_syncookies = 1).</summary>
    public bool SynCookies { get; init; }
    /// <summary>PSH each time half the peer's largest window has been sent since the last PSH, not only at the end of a write (Linux forced_push).</summary>
    public bool ForcedPush { get; init; }
    /// <summary>The application reads only when a step says so (<c>reads: manual</c>); else data is read on arrival.</summary>
    public bool ManualReads { get; init; }
    /// <summary>A listener's application accepts only when a step says so (<c>accepts: manual</c>); else at once.</summary>
    public bool ManualAccepts { get; init; }
    /// <summary>Linux tcp_tw_reuse: 1 lets connect() take a 4-tuple from a TIME-WAIT that began more than 1 s ago (timestamps on); 2: loopback only; 0: never.</summary>
    public required int TwReuse { get; init; }
    /// <summary>Linux tcp_abort_on_overflow: a final ACK that finds the accept queue full is answered with RST (the half-open connection is dropped) instead of being dropped.</summary>
    public bool AbortOnOverflow { get; init; }
    /// <summary>Linux tcp_rfc1337: an RST that reaches TIME-WAIT is ignored (RFC 1337's first remedy) instead of ending it.</summary>
    public bool Rfc1337 { get; init; }
    /// <summary>Window scale shift offered in the SYN (RFC 7323); -1: option not sent.</summary>
    public required sbyte WindowScale { get; init; }
    public required bool SackPermitted { get; init; }
    public required RtoFormula RtoFormula { get; init; }
    /// <summary>RTO once data starts if the SYN timed out and no RTT sample was taken (RFC 6298 5.7); null: keep it.</summary>
    public SimDuration? RtoAfterSynTimeout { get; init; }
    /// <summary>Minimum gap between answers to out-of-window segments, duplicate SYNs and challenges (Linux tcp_invalid_ratelimit).</summary>
    public required SimDuration OutOfWindowAckInterval { get; init; }
    /// <summary>New data reaching a closed (orphaned) socket is answered with RST, as Linux's tcp_rcv_state_process does.</summary>
    public required bool ResetOnDataAfterClose { get; init; }

    /// <summary>The variant <c>handshake: two-way</c> (see <see cref="HandshakeVariant"/>); profiles use three-way.</summary>
    public HandshakeVariant Handshake { get; init; } = HandshakeVariant.ThreeWay;

    public SimDuration TimeWait => TimeWaitOverride ?? Msl * 2;

    /// <summary><paramref name="timeout"/> rounded up to whole <see cref="TimerTick"/>s (usecs_to_jiffies).</summary>
    public SimDuration InTicks(SimDuration timeout)
    {
        if (TimerTick is not SimDuration tick || tick <= SimDuration.Zero) return timeout;
        long ticks = (timeout.Nanoseconds + tick.Nanoseconds - 1) / tick.Nanoseconds;
        return SimDuration.FromNanoseconds(ticks * tick.Nanoseconds);
    }

    /// <summary>The variant <c>time_wait: 0s</c>: no TIME-WAIT at all, the 4-tuple is free at once.</summary>
    public bool SkipsTimeWait => TimeWait == SimDuration.Zero;

    /// <summary>Retransmissions of a FIN from a closed socket before it gives up.</summary>
    public int EffectiveOrphanRetries => OrphanRetries == 0 ? 8 : OrphanRetries;

    public TcpSettings Apply(TcpOverrides? o)
    {
        if (o is null) return this;
        return this with
        {
            RtoInitial = o.RtoInitial ?? RtoInitial,
            RtoMin = o.RtoMin ?? RtoMin,
            RtoMax = o.RtoMax ?? RtoMax,
            SynRetries = o.SynRetries ?? SynRetries,
            SynackRetries = o.SynackRetries ?? SynackRetries,
            SynLinearTimeouts = o.SynLinearTimeouts ?? SynLinearTimeouts,
            OrphanRetries = o.OrphanRetries ?? OrphanRetries,
            Retries2 = o.Retries2 ?? Retries2,
            TimeWaitOverride = o.TimeWait ?? TimeWaitOverride,
            Msl = o.Msl ?? Msl,
            FinTimeout = o.FinTimeoutOff ? null : o.FinTimeout ?? FinTimeout,
            DelayedAck = o.DelayedAckOff ? null : o.DelayedAck ?? DelayedAck,
            Isn = o.Isn ?? Isn,
            Timestamps = o.Timestamps ?? Timestamps,
            Handshake = o.Handshake ?? Handshake,
            ReceiveBuffer = o.ReceiveBuffer ?? ReceiveBuffer,
            TwReuse = o.TwReuse ?? TwReuse,
            AbortOnOverflow = o.AbortOnOverflow ?? AbortOnOverflow,
            Rfc1337 = o.Rfc1337 ?? Rfc1337,
            NoDelay = o.NoDelay ?? NoDelay,
        };
    }
}

/// <summary>How the retransmission timeout follows the RTT estimate.</summary>
public enum RtoFormula
{
    /// <summary>RTO = SRTT + max(4 RTTVAR, rto_min): Linux keeps RTTVAR at least rto_min (tcp_rtt_estimator, tcp_set_rto).</summary>
    Linux,
    /// <summary>RTO = max(SRTT + 4 RTTVAR, rto_min) (RFC 6298 2.3, 2.4).</summary>
    Rfc6298,
}

/// <summary>Per-endpoint overrides of a profile (the scenario's <c>tcp:</c> map). Null: keep the profile's value.</summary>
public sealed record TcpOverrides
{
    public SimDuration? RtoInitial { get; init; }
    public SimDuration? RtoMin { get; init; }
    public SimDuration? RtoMax { get; init; }
    public int? SynRetries { get; init; }
    public int? SynackRetries { get; init; }
    public int? SynLinearTimeouts { get; init; }
    public int? OrphanRetries { get; init; }
    public int? Retries2 { get; init; }
    public SimDuration? TimeWait { get; init; }
    public SimDuration? Msl { get; init; }
    public SimDuration? FinTimeout { get; init; }
    public bool FinTimeoutOff { get; init; }
    public SimDuration? DelayedAck { get; init; }
    public bool DelayedAckOff { get; init; }
    public uint? Isn { get; init; }
    public bool? Timestamps { get; init; }
    public HandshakeVariant? Handshake { get; init; }
    public int? ReceiveBuffer { get; init; }
    public int? TwReuse { get; init; }
    public bool? AbortOnOverflow { get; init; }
    public bool? Rfc1337 { get; init; }
    public bool? NoDelay { get; init; }
}

public static class TcpProfiles
{
    public const string Linux = "linux";
    public const string Rfc9293 = "rfc9293";
    public static readonly IReadOnlyList<string> Names = [Linux, Rfc9293];

    /// <summary>Linux 6.18 defaults, as the reference traces show them (see sim/Simulator.Core/Tcp/PROFILES.md).</summary>
    public static readonly TcpSettings LinuxDefaults = new()
    {
        Profile = Linux,
        RtoInitial = SimDuration.FromSeconds(1),        // TCP_TIMEOUT_INIT
        RtoMin = SimDuration.FromMilliseconds(200),     // TCP_RTO_MIN, tcp_rto_min_us = 200000
        RtoMax = SimDuration.FromSeconds(120),          // TCP_RTO_MAX, tcp_rto_max_ms = 120000
        SynRetries = 6,                                 // tcp_syn_retries
        SynackRetries = 5,                              // tcp_synack_retries
        SynLinearTimeouts = 4,                          // tcp_syn_linear_timeouts
        OrphanRetries = 0,                              // tcp_orphan_retries (0 = 8)
        Retries2 = 15,                                  // tcp_retries2
        TimeWaitOverride = SimDuration.FromSeconds(60), // TCP_TIMEWAIT_LEN
        Msl = SimDuration.FromSeconds(30),              // TIME-WAIT = 2 MSL = 60 s
        FinTimeout = SimDuration.FromSeconds(60),       // tcp_fin_timeout
        DelayedAck = SimDuration.FromMilliseconds(40),  // TCP_DELACK_MIN
        QuickAcks = 16,                                 // TCP_MAX_QUICKACKS
        PingpongThreshold = 1,                          // tcp_pingpong_thresh
        TailLossProbes = true,                          // tcp_early_retrans = 3 (RACK + TLP)
        RackLossDetection = true,                       // tcp_recovery = 1 (TCP_RACK_LOSS_DETECTION)
        DupAckThreshold = 3,                            // tcp_reordering
        ProportionalRateReduction = true,               // tcp_cwnd_reduction (CUBIC's ssthresh)
        Nagle = NagleRule.Minshall,                     // tcp_nagle_check → tcp_minshall_check
        TimerTick = SimDuration.FromMilliseconds(4),    // one jiffy, CONFIG_HZ = 250
        Timestamps = true,                              // tcp_timestamps = 1
        RetryBudgetIsTime = true,                         // tcp_model_timeout()
        Mss = 1460,
        ReceiveBuffer = 131072,                         // tcp_rmem[1]: SYN window 64240 = 65536 in whole 1460-byte segments
        WindowScalingRatio = ReceiveBuffer.LinuxScalingRatio, // TCP_DEFAULT_SCALING_RATIO: half the buffer is window
        ReceiveWindowRule = ReceiveWindowRule.Linux,
        SkbOverhead = 832,                              // veth: ss -m shows rmem 1556 for one 724-byte segment
        BoundToHalfWindow = true,                       // tcp_sync_mss → tcp_bound_to_half_wnd
        ForcedPush = true,                              // tcp_sendmsg_locked → forced_push, tcp_mark_push
        SynCookies = true,                              // tcp_syncookies = 1
        TwReuse = 2,                                    // tcp_tw_reuse: loopback only
        Rfc1337 = false,                                // tcp_rfc1337 = 0: an RST ends TIME-WAIT
        WindowScale = 7,
        SackPermitted = true,                           // tcp_sack = 1
        RtoFormula = RtoFormula.Linux,
        OutOfWindowAckInterval = SimDuration.FromMilliseconds(500), // tcp_invalid_ratelimit
        ResetOnDataAfterClose = true,
    };

    /// <summary>The RFC's own numbers: RFC 9293, RFC 6298 (RTO 1 s floor, doubling), MSL 2 min, immediate ACKs.</summary>
    public static readonly TcpSettings Rfc9293Defaults = new()
    {
        Profile = Rfc9293,
        RtoInitial = SimDuration.FromSeconds(1),        // RFC 6298 (2.1)
        RtoMin = SimDuration.FromSeconds(1),            // RFC 6298 (2.4)
        RtoMax = SimDuration.FromSeconds(60),           // RFC 6298 (2.5): at least 60 s
        SynRetries = 6,
        SynackRetries = 5,
        SynLinearTimeouts = 0,
        OrphanRetries = 8,
        Retries2 = 15,
        TimeWaitOverride = null,                        // 2 × MSL (RFC 9293 3.6.1)
        Msl = SimDuration.FromMinutes(2),               // RFC 9293 3.4.2: MSL = 2 minutes
        FinTimeout = null,
        DelayedAck = null,
        QuickAcks = 0,
        PingpongThreshold = 1,
        TailLossProbes = false,                         // RFC 6298 alone: the RTO is the only loss timer
        RackLossDetection = false,                      // RFC 5681 fast retransmit: three duplicate ACKs
        DupAckThreshold = 3,                            // RFC 5681 3.2 DupThresh
        Nagle = NagleRule.Rfc896,                       // RFC 1122 4.2.3.4: any unacknowledged data
        Timestamps = false,
        RetryBudgetIsTime = false,
        Mss = 1460,
        ReceiveBuffer = 65535,                          // the largest unscaled window
        WindowScalingRatio = 256,
        ReceiveWindowRule = ReceiveWindowRule.FreeBuffer,
        TwReuse = 0,
        Rfc1337 = false,                                // RFC 9293 3.10.7.4: an RST in TIME-WAIT enters CLOSED
        WindowScale = -1,
        SackPermitted = false,
        RtoFormula = RtoFormula.Rfc6298,
        RtoAfterSynTimeout = SimDuration.FromSeconds(3), // RFC 6298 (5.7)
        // ACK throttling (RFC 5961 section 10, SHOULD; the interval as Linux's tcp_invalid_ratelimit): without it a
        // TIME-WAIT and a half-open SYN-RECEIVED of the same 4-tuple answer each other's out-of-window ACKs forever.
        OutOfWindowAckInterval = SimDuration.FromMilliseconds(500),
        ResetOnDataAfterClose = false,
    };

    public static bool TryGet(string name, out TcpSettings settings)
    {
        settings = name switch
        {
            Linux => LinuxDefaults,
            Rfc9293 => Rfc9293Defaults,
            _ => null!,
        };
        return settings is not null;
    }
}

/// <summary>Nagle's algorithm (RFC 896; RFC 1122 4.2.3.4): when a short segment, less than one MSS, must wait.</summary>
public enum NagleRule
{
    /// <summary>While a short segment sent earlier is unacknowledged (Minshall's variant; Linux tcp_minshall_check).</summary>
    Minshall,
    /// <summary>While any data sent is unacknowledged (RFC 896).</summary>
    Rfc896,
}
