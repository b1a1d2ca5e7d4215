namespace Simulator.Core.Randomness;

/// <summary>
/// A seeded pseudo-random stream (xoshiro256**, seeded through SplitMix64). Each stream is derived from the
/// scenario seed and a stable name, so adding a link or an endpoint never shifts another's numbers.
/// </summary>
public sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;

    public RandomStream(ulong seed, string name) : this(seed ^ Fnv1a(name, FnvOffset))
    {
    }

    private RandomStream(ulong x)
    {
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>
    /// Draw number <paramref name="index"/> (from 0) of <c>new RandomStream(seed, prefix + name).NextUInt32()</c>,
    /// recomputed from the seed: endpoints draw one ISN per connection, and keeping a stream per endpoint cost
    /// ~100 bytes each for a million of them (the numbers are the same as the stream's).
    /// </summary>
    public static uint NthUInt32(ulong seed, string prefix, string name, int index)
    {
        var stream = new RandomStream(seed ^ Fnv1a(name, Fnv1a(prefix, FnvOffset)));
        for (int i = 0; i < index; i++) stream.NextUInt64();
        return stream.NextUInt32();
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    public uint NextUInt32() => (uint)(NextUInt64() >> 32);

    /// <summary>Uniform in [0, 1), 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, bound] inclusive; bound ≥ 0.</summary>
    public long NextInclusive(long bound)
    {
        if (bound <= 0) return 0;
        ulong range = (ulong)bound + 1;
        return (long)(NextUInt64() % range);
    }

    /// <summary>True with probability <paramref name="p"/>; draws nothing when p is 0 or 1.</summary>
    public bool Chance(double p) => p > 0 && (p >= 1 || NextDouble() < p);

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private const ulong FnvOffset = 0xcbf29ce484222325UL;

    /// <summary>FNV-1a over the characters of <paramref name="s"/>, continuing from <paramref name="h"/>.</summary>
    private static ulong Fnv1a(string s, ulong h)
    {
        foreach (char c in s)
        {
            h ^= c;
            h *= 0x100000001b3UL;
        }
        return h;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
