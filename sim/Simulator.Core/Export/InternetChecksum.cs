using System.Buffers.Binary;

namespace Simulator.Core.Export;

/// <summary>The 16-bit ones' complement checksum of IPv4 and TCP (RFC 1071).</summary>
public static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> to a running 32-bit sum of 16-bit big-endian words.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 1 < data.Length; i += 2) sum += BinaryPrimitives.ReadUInt16BigEndian(data.Slice(i, 2));
        if (i < data.Length) sum += (uint)data[i] << 8;
        return sum;
    }

    /// <summary>Folds the carries and complements: the value to put in the header (0 means the sum checks).</summary>
    public static ushort Finish(uint sum)
    {
        while ((sum >> 16) != 0) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)~sum;
    }

    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>The TCP checksum of <paramref name="tcp"/> (header with a zero checksum field, and payload) over the IPv4 pseudo-header.</summary>
    public static ushort Tcp(uint source, uint destination, ReadOnlySpan<byte> tcp)
    {
        uint sum = 0;
        sum += source >> 16;
        sum += source & 0xFFFF;
        sum += destination >> 16;
        sum += destination & 0xFFFF;
        sum += 6;
        sum += (uint)tcp.Length;
        return Finish(Add(sum, tcp));
    }
}
