using Simulator.Core.Network;

namespace Simulator.Core.Tcp;

/// <summary>TCP options carried by a segment. Only what the model uses; the pcap writer encodes them.</summary>
public readonly record struct TcpOptions(
    ushort Mss,
    sbyte WindowScale,
    bool SackPermitted,
    bool HasTimestamp,
    uint TsVal,
    uint TsEcr)
{
    public static readonly TcpOptions None = new(0, -1, false, false, 0, 0);

    /// <summary>The SACK option's blocks; <see cref="SackBlocks.None"/> when the segment carries no SACK option.</summary>
    public SackBlocks Sack { get; init; }
}

/// <summary>
/// Which connection sent a segment: the sending socket and which of its connections it was (its
/// <see cref="TcpEndpoint.Opens"/> then). Simulator bookkeeping, not a header field: no output format carries it.
/// Default (no endpoint): unknown, as for injected segments and a host's replies for ports with no socket.
/// </summary>
public readonly record struct ConnectionId(TcpEndpoint? Endpoint, int Open)
{
    public bool Known => Endpoint is not null;

    // By endpoint id, not object identity: two runs of one scenario give equal segments (and equal traces).
    public bool Equals(ConnectionId other) => Endpoint?.Id == other.Endpoint?.Id && Open == other.Open;

    public override int GetHashCode() => HashCode.Combine(Endpoint?.Id, Open);
}

/// <summary>
/// One TCP segment as it leaves its sender: addresses, header fields and payload length (payload bytes are not
/// modelled; a pcap writes zeros). <see cref="Window"/> is the unscaled receive window in bytes. <see cref="Origin"/>
/// is the connection that sent it, which lets a receiver tell an earlier incarnation's bytes from its peer's.
/// </summary>
public readonly record struct Segment(
    TransportAddress Source,
    TransportAddress Destination,
    SeqNum Seq,
    SeqNum Ack,
    TcpFlags Flags,
    int Length,
    uint Window,
    TcpOptions Options,
    ConnectionId Origin = default)
{
    /// <summary>Sequence space the segment occupies: payload plus one for SYN and one for FIN.</summary>
    public int SequenceLength => Length + (Flags.Has(TcpFlags.Syn) ? 1 : 0) + (Flags.Has(TcpFlags.Fin) ? 1 : 0);

    public bool Is(TcpFlags bit) => (Flags & bit) == bit;

    /// <summary>TCP header bytes: 20 plus the options (Linux order MSS, SACK-permitted, timestamps, window scale, SACK blocks), padded to 4.</summary>
    public int HeaderLength
    {
        get
        {
            int options = (Options.Mss > 0 ? 4 : 0) + (Options.SackPermitted ? 2 : 0) + (Options.HasTimestamp ? 10 : 0)
                + (Options.WindowScale >= 0 ? 3 : 0) + Options.Sack.OptionBytes;
            return 20 + ((options + 3) & ~3);
        }
    }

    /// <summary>Bytes of the IPv4 packet: 20-byte IP header, TCP header, payload.</summary>
    public int IpLength => 20 + HeaderLength + Length;

    public override string ToString() =>
        $"{Source} > {Destination} {Flags.ToTcpdump()} seq {Seq} ack {Ack} len {Length} win {Window}";
}
