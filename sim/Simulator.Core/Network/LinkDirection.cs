using Simulator.Core.Randomness;
using Simulator.Core.Scenarios;
using Simulator.Core.Time;

namespace Simulator.Core.Network;

/// <summary>
/// One direction of a link: propagation delay, uniform jitter, random loss and duplication from its own seeded
/// stream, and an optional serialization rate with a FIFO transmitter (a segment waits for the one before it).
/// </summary>
public sealed class LinkDirection
{
    private readonly LinkDirectionSpec _spec;
    private readonly RandomStream _random;
    private SimTime _transmitterFreeAt;

    public LinkDirection(int fromHost, int toHost, LinkDirectionSpec spec, RandomStream random)
    {
        FromHost = fromHost;
        ToHost = toHost;
        _spec = spec;
        _random = random;
    }

    public int FromHost { get; }
    public int ToHost { get; }

    public bool DrawLoss() => _random.Chance(_spec.Loss);

    public bool DrawDuplicate() => _random.Chance(_spec.Duplicate);

    /// <summary>When the transmitter can start on a new packet: now, or when it has serialized the packets before it.</summary>
    public SimTime FreeAt(SimTime now) => SimTime.Max(now, _transmitterFreeAt);

    /// <summary>
    /// When a packet of <paramref name="wireBytes"/> handed to the link at <paramref name="now"/> arrives;
    /// <paramref name="departs"/>: when the transmitter starts on it (later than now behind earlier packets).
    /// </summary>
    public SimTime Transit(SimTime now, int wireBytes, out SimTime departs)
    {
        SimTime leaves = now;
        departs = now;
        if (_spec.BandwidthBitsPerSecond is long bps && bps > 0)
        {
            SimTime start = SimTime.Max(now, _transmitterFreeAt);
            departs = start;
            long serializationNs = (long)Math.Ceiling(wireBytes * 8.0 * 1e9 / bps);
            leaves = start + SimDuration.FromNanoseconds(serializationNs);
            _transmitterFreeAt = leaves;
        }
        SimDuration jitter = _spec.Jitter.Nanoseconds > 0
            ? SimDuration.FromNanoseconds(_random.NextInclusive(_spec.Jitter.Nanoseconds))
            : SimDuration.Zero;
        return leaves + _spec.Delay + jitter;
    }
}
