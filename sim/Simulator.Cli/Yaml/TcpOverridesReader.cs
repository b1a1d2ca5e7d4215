using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Yaml;

/// <summary>An endpoint's <c>tcp:</c> map: per-endpoint overrides of the profile, keyed as <see cref="ScenarioFormat.Tcp"/>.</summary>
internal static class TcpOverridesReader
{
    private const int MaxRetries = 255;
    public const int MinReceiveBuffer = 2304;         // Linux SOCK_MIN_RCVBUF (2048 + skb overhead), rounded
    public const int MaxReceiveBuffer = 1 << 30;

    public static TcpOverrides? Read(DocNode node, string endpoint, ReadContext context)
    {
        int mark = context.ErrorMark;
        Fields? f = Fields.Open(node, $"'tcp' of endpoint '{endpoint}'", ScenarioFormat.Tcp.Names, context);
        if (f is null) return null;
        (SimDuration? finTimeout, bool finOff) = DurationOrOff(f, "fin_timeout", context);
        (SimDuration? delayedAck, bool delayedAckOff) = DurationOrOff(f, "delayed_ack", context);
        var overrides = new TcpOverrides
        {
            RtoInitial = f.PositiveDuration("rto_initial"),
            RtoMin = f.PositiveDuration("rto_min"),
            RtoMax = f.PositiveDuration("rto_max"),
            SynRetries = Count(f, "syn_retries", 127),
            SynackRetries = Count(f, "synack_retries", MaxRetries),
            SynLinearTimeouts = Count(f, "syn_linear_timeouts", MaxRetries),
            OrphanRetries = Count(f, "orphan_retries", MaxRetries),
            Retries2 = Count(f, "retries2", MaxRetries),
            TimeWait = f.Duration("time_wait"),
            Msl = f.PositiveDuration("msl"),
            FinTimeout = finTimeout,
            FinTimeoutOff = finOff,
            DelayedAck = delayedAck,
            DelayedAckOff = delayedAckOff,
            Isn = f.Value<uint>("isn", ScalarValues.TryUInt32),
            Timestamps = f.Value<bool>("timestamps", ScalarValues.TryBool),
            Handshake = Handshake(f, context),
            ReceiveBuffer = (int?)f.Integer("rcvbuf", MinReceiveBuffer, MaxReceiveBuffer),
            TwReuse = (int?)f.Integer("tcp_tw_reuse", 0, 2),
            AbortOnOverflow = f.Integer("tcp_abort_on_overflow", 0, 1) is long abort ? abort == 1 : null,
            Rfc1337 = f.Integer("tcp_rfc1337", 0, 1) is long rfc1337 ? rfc1337 == 1 : null,
            NoDelay = f.Value<bool>("nodelay", ScalarValues.TryBool),
        };
        if (overrides.RtoMin is SimDuration min && overrides.RtoMax is SimDuration max && min > max)
        {
            context.Report(f.Where("rto_min"), $"'rto_min' ({min}) is greater than 'rto_max' ({max})");
        }
        if (overrides.RtoInitial is SimDuration initial && overrides.RtoMax is SimDuration cap && initial > cap)
        {
            context.Report(f.Where("rto_initial"), $"'rto_initial' ({initial}) is greater than 'rto_max' ({cap})");
        }
        return context.NoErrorsSince(mark) ? overrides : null;
    }

    /// <summary><c>handshake: three-way | two-way</c> (two-way is a variant that is not TCP, see HandshakeVariant).</summary>
    private static HandshakeVariant? Handshake(Fields f, ReadContext context)
    {
        if (f.Scalar("handshake") is not DocScalar scalar) return null;
        if (HandshakeVariants.TryParse(scalar.Value, out HandshakeVariant v)) return v;
        context.Report(scalar, $"'handshake': unknown value '{scalar.Value}'{DidYouMean.Hint(scalar.Value, HandshakeVariants.Names)}; allowed: {string.Join(", ", HandshakeVariants.Names)}");
        return null;
    }

    private static int? Count(Fields f, string key, int max) => (int?)f.Integer(key, 0, max);

    /// <summary>A positive duration, or <c>off</c>.</summary>
    private static (SimDuration? Value, bool Off) DurationOrOff(Fields f, string key, ReadContext context)
    {
        if (f.Scalar(key) is not DocScalar scalar) return (null, false);
        if (scalar.Value.Trim() == "off") return (null, true);
        if (!ScalarValues.TryDuration(scalar.Value, out SimDuration d, out string error))
        {
            context.Report(scalar, $"'{key}': {error}, or 'off'");
            return (null, false);
        }
        if (d == SimDuration.Zero)
        {
            context.Report(scalar, $"'{key}' must be greater than 0; write 'off' to turn it off");
            return (null, false);
        }
        return (d, false);
    }
}
