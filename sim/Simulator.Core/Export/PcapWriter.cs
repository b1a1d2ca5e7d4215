using System.Buffers.Binary;
using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Export;

/// <summary>Which instant a capture records for a segment.</summary>
public enum PcapTimestamps
{
    /// <summary>The send time: every segment, lost ones included (a capture at the sender).</summary>
    Sender,
    /// <summary>The arrival time at the receiving host: lost segments are absent (a capture at the receiver).</summary>
    Receiver,
}

/// <summary>
/// A classic libpcap file (nanosecond magic <c>a1b23c4d</c>, Ethernet) of a trace's segments: fake MACs
/// <c>02:00:a:b:c:d</c> from each host's address, IPv4 (TTL 64, DF, an id counter per host, header checksum) and TCP
/// with absolute numbers, the window as it would be on the wire, Linux's option layout, a correct checksum and a
/// zero-filled payload. Scenario time 0 is <see cref="EpochBaseSeconds"/> (2026-01-01T00:00:00Z).
/// </summary>
public static class PcapWriter
{
    public const uint MagicNanoseconds = 0xA1B23C4D;
    public const uint LinkTypeEthernet = 1;
    public const int SnapLength = 262144;

    /// <summary>2026-01-01T00:00:00Z in Unix seconds: where scenario time 0 sits in a capture.</summary>
    public const long EpochBaseSeconds = 1_767_225_600;

    private const byte Ttl = 64;
    private const int EthernetHeader = 14;
    private const int Ipv4Header = 20;

    public static byte[] Write(Trace trace, PcapTimestamps at = PcapTimestamps.Sender)
    {
        var frames = BuildFrames(trace);
        var output = new List<byte>(24 + frames.Values.Sum(f => 16 + f.Length));
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, MagicNanoseconds);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], SnapLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeEthernet);
        output.AddRange(header.ToArray());

        if (at == PcapTimestamps.Sender)
        {
            foreach (var s in trace.OfType<SegmentSent>()) AppendRecord(output, s.Time.Nanoseconds, frames[s.Id]);
        }
        else
        {
            foreach (var d in trace.OfType<SegmentDelivered>())
            {
                if (!frames.TryGetValue(d.Id, out byte[]? frame))
                    throw new ArgumentException($"the trace delivers segment #{d.Id}, which was never sent", nameof(trace));
                AppendRecord(output, d.Time.Nanoseconds, frame);
            }
        }
        return [.. output];
    }

    /// <summary>The fake MAC of a host: <c>02:00</c> (locally administered) and its IPv4 address.</summary>
    public static byte[] MacOf(Ipv4Address address)
    {
        uint v = address.Value;
        return [0x02, 0x00, (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];
    }

    private static void AppendRecord(List<byte> output, long sinceStartNs, byte[] frame)
    {
        long ns = EpochBaseSeconds * 1_000_000_000 + sinceStartNs;
        Span<byte> rec = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(rec, (uint)(ns / 1_000_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(rec[4..], (uint)(ns % 1_000_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(rec[8..], (uint)Math.Min(frame.Length, SnapLength));
        BinaryPrimitives.WriteUInt32LittleEndian(rec[12..], (uint)frame.Length);
        output.AddRange(rec.ToArray());
        output.AddRange(frame.Length <= SnapLength ? frame : frame[..SnapLength]);
    }

    /// <summary>Every sent segment's frame, built in send order (IP ids and window scaling depend on it).</summary>
    private static Dictionary<long, byte[]> BuildFrames(Trace trace)
    {
        var frames = new Dictionary<long, byte[]>();
        var nextId = new Dictionary<string, ushort>(StringComparer.Ordinal);
        var lastId = new Dictionary<(string Host, Segment Segment), ushort>();
        var offeredScale = new Dictionary<(TransportAddress From, TransportAddress To), sbyte>();
        var addresses = trace.Hosts.ToDictionary(h => h.Name, h => h.Address, StringComparer.Ordinal);

        foreach (var s in trace.OfType<SegmentSent>())
        {
            var seg = s.Segment;
            // A copy made by the network keeps the original's IP id; anything else takes the host's next one.
            ushort ipId;
            if (s.Fate == SegmentFate.Duplicate && lastId.TryGetValue((s.FromHost, seg), out ushort original))
            {
                ipId = original;
            }
            else
            {
                ipId = nextId.TryGetValue(s.FromHost, out ushort n) ? n : (ushort)1;
                nextId[s.FromHost] = unchecked((ushort)(ipId + 1));
                lastId[(s.FromHost, seg)] = ipId;
            }

            if (seg.Is(TcpFlags.Syn)) offeredScale[(seg.Source, seg.Destination)] = seg.Options.WindowScale;
            ushort window;
            if (seg.Is(TcpFlags.Syn))
            {
                // RFC 7323 2.2: the window of a SYN is never scaled.
                window = (ushort)Math.Min(seg.Window, ushort.MaxValue);
            }
            else
            {
                int shift = offeredScale.TryGetValue((seg.Source, seg.Destination), out sbyte own)
                    && offeredScale.TryGetValue((seg.Destination, seg.Source), out sbyte peer) && own >= 0 && peer >= 0
                    ? Math.Min((int)own, 14) : 0;
                window = (ushort)Math.Min(seg.Window >> shift, ushort.MaxValue);
            }

            var srcMac = MacOf(addresses.TryGetValue(s.FromHost, out var fromIp) ? fromIp : seg.Source.Ip);
            var dstMac = MacOf(addresses.TryGetValue(s.ToHost, out var toIp) ? toIp : seg.Destination.Ip);
            frames[s.Id] = Frame(seg, srcMac, dstMac, ipId, window);
        }
        return frames;
    }

    private static byte[] Frame(in Segment seg, byte[] srcMac, byte[] dstMac, ushort ipId, ushort window)
    {
        byte[] options = EncodeOptions(seg);
        int tcpLength = 20 + options.Length + seg.Length;
        int ipLength = Ipv4Header + tcpLength;
        if (ipLength > ushort.MaxValue)
            throw new ArgumentException($"segment of {seg.Length} bytes does not fit in one IPv4 datagram", nameof(seg));
        byte[] f = new byte[EthernetHeader + ipLength];
        var span = f.AsSpan();

        dstMac.CopyTo(span);
        srcMac.CopyTo(span[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], 0x0800);

        var ip = span.Slice(EthernetHeader, Ipv4Header);
        ip[0] = 0x45;
        ip[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)ipLength);
        BinaryPrimitives.WriteUInt16BigEndian(ip[4..], ipId);
        BinaryPrimitives.WriteUInt16BigEndian(ip[6..], 0x4000); // DF
        ip[8] = Ttl;
        ip[9] = 6;
        BinaryPrimitives.WriteUInt32BigEndian(ip[12..], seg.Source.Ip.Value);
        BinaryPrimitives.WriteUInt32BigEndian(ip[16..], seg.Destination.Ip.Value);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], InternetChecksum.Compute(ip));

        var tcp = span.Slice(EthernetHeader + Ipv4Header, tcpLength);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, seg.Source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], seg.Destination.Port);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], seg.Seq.Value);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], seg.Ack.Value);
        tcp[12] = (byte)(((20 + options.Length) / 4) << 4);
        tcp[13] = (byte)seg.Flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], window);
        options.CopyTo(tcp[20..]);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..],
            InternetChecksum.Tcp(seg.Source.Ip.Value, seg.Destination.Ip.Value, tcp));
        return f;
    }

    /// <summary>
    /// TCP options in the layout of Linux's <c>tcp_options_write</c>: MSS, SACK-permitted folded into the timestamp's
    /// leading NOPs, timestamps, NOP + window scale, then NOP, NOP and the SACK blocks (kind 5, length 2 + 8 per
    /// block, in the order sent); only timestamps and SACK blocks on segments without SYN.
    /// </summary>
    public static byte[] EncodeOptions(in Segment seg)
    {
        var o = seg.Options;
        bool syn = seg.Is(TcpFlags.Syn);
        var b = new List<byte>(40);
        if (syn && o.Mss > 0) b.AddRange([2, 4, (byte)(o.Mss >> 8), (byte)o.Mss]);
        if (o.HasTimestamp)
        {
            if (syn && o.SackPermitted) b.AddRange([4, 2, 8, 10]);
            else b.AddRange([1, 1, 8, 10]);
            b.AddRange([(byte)(o.TsVal >> 24), (byte)(o.TsVal >> 16), (byte)(o.TsVal >> 8), (byte)o.TsVal]);
            b.AddRange([(byte)(o.TsEcr >> 24), (byte)(o.TsEcr >> 16), (byte)(o.TsEcr >> 8), (byte)o.TsEcr]);
        }
        else if (syn && o.SackPermitted)
        {
            b.AddRange([1, 1, 4, 2]);
        }
        if (syn && o.WindowScale >= 0) b.AddRange([1, 3, 3, (byte)Math.Min((int)o.WindowScale, 14)]);
        if (o.Sack.Count > 0)
        {
            b.AddRange([1, 1, 5, (byte)(2 + 8 * o.Sack.Count)]);
            foreach (var block in o.Sack.AsSpan())
            {
                uint l = block.Left.Value, r = block.Right.Value;
                b.AddRange([(byte)(l >> 24), (byte)(l >> 16), (byte)(l >> 8), (byte)l, (byte)(r >> 24), (byte)(r >> 16), (byte)(r >> 8), (byte)r]);
            }
        }
        while (b.Count % 4 != 0) b.Add(1);
        return [.. b];
    }
}
