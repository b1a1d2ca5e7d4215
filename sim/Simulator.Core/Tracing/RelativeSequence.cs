using Simulator.Core.Network;
using Simulator.Core.Tcp;

namespace Simulator.Core.Tracing;

/// <summary>
/// Relative sequence numbers as tcpdump and the reference traces print them: per connection (4-tuple), each side's
/// numbers count from that side's ISN — the seq of its first SYN, or of its first segment if it never sent one.
/// A SYN with another seq starts a new incarnation of that side. Feed segments in wire order.
/// </summary>
public sealed class RelativeSequence
{
    private readonly Dictionary<TransportAddress, Dictionary<TransportAddress, uint>> _bases = [];

    /// <summary>Relative seq and ack of <paramref name="s"/>; ack is 0 when the ACK flag is off, absolute when the peer's ISN is unknown.</summary>
    public (uint Seq, uint Ack) Next(in Segment s)
    {
        var own = BasesOf(s.Source);
        bool syn = s.Is(TcpFlags.Syn);
        if (!own.TryGetValue(s.Destination, out uint baseSeq) || (syn && baseSeq != s.Seq.Value))
        {
            baseSeq = s.Seq.Value;
            own[s.Destination] = baseSeq;
        }
        uint seq = unchecked(s.Seq.Value - baseSeq);
        uint ack = 0;
        if (s.Is(TcpFlags.Ack))
        {
            ack = BasesOf(s.Destination).TryGetValue(s.Source, out uint peerBase)
                ? unchecked(s.Ack.Value - peerBase)
                : s.Ack.Value;
        }
        return (seq, ack);
    }

    private Dictionary<TransportAddress, uint> BasesOf(TransportAddress side)
    {
        if (!_bases.TryGetValue(side, out var map))
        {
            map = [];
            _bases[side] = map;
        }
        return map;
    }
}
