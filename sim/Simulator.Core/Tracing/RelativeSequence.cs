using Simulator.Core.Network;
using Simulator.Core.Tcp;

namespace Simulator.Core.Tracing;

/// <summary>
/// Relative sequence numbers as the scenario format and the reference traces define them: per connection (4-tuple),
/// each side's numbers count from the seq of the first SYN that side sent on that 4-tuple, or from its first segment
/// if it never sent one. A later SYN with a fresh ISN (a new incarnation) is never a new base: it shows how far the
/// new ISN lies from the old one, and segments of the old incarnation keep their small numbers.
/// An ACK from a side whose peer's base is still unknown takes SEG.ACK − 1 as that base (it shows 1).
/// </summary>
public sealed class RelativeSequence
{
    private readonly Dictionary<(TransportAddress From, TransportAddress To), uint> _bases = [];

    /// <param name="segments">The whole listing in wire order: each side's first SYN is its base from the start.</param>
    public RelativeSequence(IEnumerable<Segment> segments)
    {
        foreach (var s in segments)
            if (s.Is(TcpFlags.Syn)) _bases.TryAdd((s.Source, s.Destination), s.Seq.Value);
    }

    /// <summary>Relative seq and ack of <paramref name="s"/> (32-bit, wrapping); ack is 0 when the ACK flag is off.</summary>
    public (uint Seq, uint Ack) Next(in Segment s)
    {
        if (!_bases.TryGetValue((s.Source, s.Destination), out uint baseSeq))
        {
            baseSeq = s.Seq.Value;
            _bases[(s.Source, s.Destination)] = baseSeq;
        }
        uint seq = unchecked(s.Seq.Value - baseSeq);
        uint ack = 0;
        if (s.Is(TcpFlags.Ack))
        {
            if (!_bases.TryGetValue((s.Destination, s.Source), out uint peerBase))
            {
                peerBase = unchecked(s.Ack.Value - 1);
                _bases[(s.Destination, s.Source)] = peerBase;
            }
            ack = unchecked(s.Ack.Value - peerBase);
        }
        return (seq, ack);
    }

    /// <summary>
    /// <paramref name="n"/>, a number of <paramref name="s"/>'s receiver (a SACK block edge), relative to the same base
    /// as its ack; call after <see cref="Next"/> for <paramref name="s"/>.
    /// </summary>
    public uint OfPeer(in Segment s, SeqNum n) =>
        unchecked(n.Value - (_bases.TryGetValue((s.Destination, s.Source), out uint peerBase) ? peerBase : s.Ack.Value - 1));

    /// <summary>Reads a relative number: unsigned, or a signed 32-bit difference as the listings print it.</summary>
    public static bool TryParse(string token, out uint value)
    {
        if (uint.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)) return true;
        if (int.TryParse(token, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int signed))
        {
            value = unchecked((uint)signed);
            return true;
        }
        return false;
    }

    /// <summary>A relative number as the listings print it: a signed 32-bit difference (an older ISN shows negative).</summary>
    public static int Signed(uint relative) => unchecked((int)relative);
}
