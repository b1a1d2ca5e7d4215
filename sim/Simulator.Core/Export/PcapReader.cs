using System.Buffers.Binary;
using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Export;

/// <summary>One IPv4/TCP packet of a capture: header fields, options and payload length.</summary>
public sealed record PcapPacket(
    int Number,
    long TimestampNs,
    Ipv4Address Source,
    Ipv4Address Destination,
    ushort IpId,
    byte Ttl,
    ushort SourcePort,
    ushort DestinationPort,
    uint Seq,
    uint Ack,
    TcpFlags Flags,
    ushort Window,
    TcpOptions Options,
    string OptionLayout,
    int PayloadLength)
{
    /// <summary>The packet as a <see cref="Segment"/> (the window as on the wire, unscaled).</summary>
    public Segment ToSegment() => new(
        new TransportAddress(Source, SourcePort), new TransportAddress(Destination, DestinationPort),
        new SeqNum(Seq), new SeqNum(Ack), Flags, PayloadLength, Window, Options);
}

/// <summary>A capture's packets and how it was stored.</summary>
public sealed record PcapCapture(uint LinkType, bool Nanoseconds, bool BigEndian, IReadOnlyList<PcapPacket> Packets, int SkippedFrames);

/// <summary>
/// Reads classic libpcap files: both magics (µs <c>a1b2c3d4</c>, ns <c>a1b23c4d</c>) in either byte order; link
/// types Ethernet (1, with 802.1Q tags), raw IP (101, 12, 14), IPv4 (228) and Linux cooked (113, 276). Frames that
/// are not IPv4 TCP (ARP, IPv6, fragments, UDP) are counted and skipped.
/// </summary>
public static class PcapReader
{
    private const uint MagicMicro = 0xA1B2C3D4;
    private const uint MagicNano = 0xA1B23C4D;
    private const uint MagicPcapng = 0x0A0D0D0A;

    /// <summary>True if <paramref name="data"/> starts like a classic pcap or a pcapng file.</summary>
    public static bool LooksLikeCapture(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4) return false;
        uint le = BinaryPrimitives.ReadUInt32LittleEndian(data);
        uint be = BinaryPrimitives.ReadUInt32BigEndian(data);
        return le is MagicMicro or MagicNano or MagicPcapng || be is MagicMicro or MagicNano;
    }

    /// <exception cref="TraceFormatException">Not a classic pcap, an unsupported link type, or a truncated record.</exception>
    public static PcapCapture Read(ReadOnlySpan<byte> data, string inputName = "capture.pcap")
    {
        if (data.Length < 24) throw new TraceFormatException(inputName, 0, "too short for a pcap file header (24 bytes)");
        uint magicLe = BinaryPrimitives.ReadUInt32LittleEndian(data);
        bool bigEndian;
        bool nano;
        if (magicLe is MagicMicro or MagicNano)
        {
            bigEndian = false;
            nano = magicLe == MagicNano;
        }
        else if (BinaryPrimitives.ReadUInt32BigEndian(data) is MagicMicro or MagicNano)
        {
            bigEndian = true;
            nano = BinaryPrimitives.ReadUInt32BigEndian(data) == MagicNano;
        }
        else if (magicLe == MagicPcapng)
        {
            throw new TraceFormatException(inputName, 0, "pcapng is not supported; convert it with 'editcap -F pcap in.pcapng out.pcap'");
        }
        else
        {
            throw new TraceFormatException(inputName, 0, $"not a pcap file (magic 0x{magicLe:x8})");
        }

        uint U32(ReadOnlySpan<byte> s) => bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
        uint linkType = U32(data[20..]) & 0x0FFFFFFF;
        if (linkType is not (1 or 101 or 12 or 14 or 228 or 113 or 276))
            throw new TraceFormatException(inputName, 0, $"link type {linkType} is not supported (Ethernet 1, raw IP 101, IPv4 228, Linux cooked 113/276)");

        var packets = new List<PcapPacket>();
        int skipped = 0;
        int offset = 24;
        int number = 0;
        while (offset < data.Length)
        {
            number++;
            if (data.Length - offset < 16)
                throw new TraceFormatException(inputName, 0, $"packet {number} at byte {offset}: truncated record header");
            var rec = data.Slice(offset, 16);
            long sec = U32(rec);
            long frac = U32(rec[4..]);
            uint captured = U32(rec[8..]);
            if (captured > data.Length - offset - 16)
                throw new TraceFormatException(inputName, 0, $"packet {number} at byte {offset}: {captured} bytes announced, {data.Length - offset - 16} left");
            var frame = data.Slice(offset + 16, (int)captured);
            offset += 16 + (int)captured;
            long ns = sec * 1_000_000_000 + (nano ? frac : frac * 1000);
            var ip = Network(frame, linkType);
            if (ip.IsEmpty || !TryTcp(number, ns, ip, out var packet))
            {
                skipped++;
                continue;
            }
            packets.Add(packet);
        }
        return new PcapCapture(linkType, nano, bigEndian, packets, skipped);
    }

    /// <summary>The IPv4 datagram inside a frame, or empty.</summary>
    private static ReadOnlySpan<byte> Network(ReadOnlySpan<byte> frame, uint linkType)
    {
        switch (linkType)
        {
            case 1:
            {
                if (frame.Length < 14) return [];
                int at = 12;
                ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[at..]);
                while (type is 0x8100 or 0x88A8 && frame.Length >= at + 6)
                {
                    at += 4;
                    type = BinaryPrimitives.ReadUInt16BigEndian(frame[at..]);
                }
                return type == 0x0800 ? frame[(at + 2)..] : [];
            }
            case 113:
                return frame.Length >= 16 && BinaryPrimitives.ReadUInt16BigEndian(frame[14..]) == 0x0800 ? frame[16..] : [];
            case 276:
                return frame.Length >= 20 && BinaryPrimitives.ReadUInt16BigEndian(frame) == 0x0800 ? frame[20..] : [];
            default:
                return frame.Length >= 1 && frame[0] >> 4 == 4 ? frame : [];
        }
    }

    private static bool TryTcp(int number, long ns, ReadOnlySpan<byte> ip, out PcapPacket packet)
    {
        packet = null!;
        if (ip.Length < 20 || ip[0] >> 4 != 4) return false;
        int ihl = (ip[0] & 0x0F) * 4;
        if (ihl < 20 || ip.Length < ihl || ip[9] != 6) return false;
        ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(ip[6..]);
        if ((fragment & 0x3FFF) != 0) return false; // a fragment (MF set or offset > 0)
        int totalLength = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
        if (totalLength == 0) totalLength = ip.Length; // segmentation offload: the length is left out
        if (totalLength < ihl + 20) return false;
        var tcp = ip[ihl..];
        if (tcp.Length < 20) return false;
        int dataOffset = (tcp[12] >> 4) * 4;
        if (dataOffset < 20 || tcp.Length < dataOffset || totalLength < ihl + dataOffset) return false;
        var (options, layout) = ParseOptions(tcp[20..dataOffset]);
        packet = new PcapPacket(
            number, ns,
            new Ipv4Address(BinaryPrimitives.ReadUInt32BigEndian(ip[12..])),
            new Ipv4Address(BinaryPrimitives.ReadUInt32BigEndian(ip[16..])),
            BinaryPrimitives.ReadUInt16BigEndian(ip[4..]), ip[8],
            BinaryPrimitives.ReadUInt16BigEndian(tcp), BinaryPrimitives.ReadUInt16BigEndian(tcp[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]), BinaryPrimitives.ReadUInt32BigEndian(tcp[8..]),
            (TcpFlags)(tcp[13] & 0x3F), BinaryPrimitives.ReadUInt16BigEndian(tcp[14..]),
            options, layout, totalLength - ihl - dataOffset);
        return true;
    }

    /// <summary>The options the model knows, and the layout as kinds: <c>mss,sackOK,TS,nop,wscale</c>, <c>nop,nop,TS,nop,nop,sack</c>.</summary>
    private static (TcpOptions Options, string Layout) ParseOptions(ReadOnlySpan<byte> b)
    {
        var o = TcpOptions.None;
        var kinds = new List<string>();
        int i = 0;
        while (i < b.Length)
        {
            byte kind = b[i];
            if (kind == 0)
            {
                kinds.Add("eol");
                break;
            }
            if (kind == 1)
            {
                kinds.Add("nop");
                i++;
                continue;
            }
            if (i + 1 >= b.Length) break;
            int len = b[i + 1];
            if (len < 2 || i + len > b.Length) break;
            var v = b.Slice(i + 2, len - 2);
            switch (kind)
            {
                case 2 when len == 4:
                    o = o with { Mss = BinaryPrimitives.ReadUInt16BigEndian(v) };
                    kinds.Add("mss");
                    break;
                case 3 when len == 3:
                    o = o with { WindowScale = (sbyte)Math.Min(v[0], (byte)127) };
                    kinds.Add("wscale");
                    break;
                case 4 when len == 2:
                    o = o with { SackPermitted = true };
                    kinds.Add("sackOK");
                    break;
                case 5 when len >= 10 && (len - 2) % 8 == 0:
                {
                    var blocks = new SackBlock[(len - 2) / 8];
                    for (int k = 0; k < blocks.Length; k++)
                    {
                        blocks[k] = new SackBlock(new SeqNum(BinaryPrimitives.ReadUInt32BigEndian(v[(8 * k)..])),
                            new SeqNum(BinaryPrimitives.ReadUInt32BigEndian(v[(8 * k + 4)..])));
                    }
                    o = o with { Sack = new SackBlocks(blocks) };
                    kinds.Add("sack");
                    break;
                }
                case 8 when len == 10:
                    o = o with
                    {
                        HasTimestamp = true,
                        TsVal = BinaryPrimitives.ReadUInt32BigEndian(v),
                        TsEcr = BinaryPrimitives.ReadUInt32BigEndian(v[4..]),
                    };
                    kinds.Add("TS");
                    break;
                default:
                    kinds.Add("opt" + kind.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
            i += len;
        }
        return (o, string.Join(",", kinds));
    }

    /// <summary>
    /// The capture as a wire listing. Times in ms from the first SYN (the first packet if there is none). The side
    /// that sent the first SYN without ACK is <c>c</c>, its peer <c>s</c>, other addresses keep their dotted form;
    /// then <paramref name="map"/> renames: an address entry (<c>10.77.0.1=client</c>) wins, else the side name
    /// is mapped (<c>c=client</c>). Seq, ack and SACK blocks are relative as in <see cref="RelativeSequence"/>; no fate notes.
    /// </summary>
    public static IReadOnlyList<WireSegment> ToWireSegments(IReadOnlyList<PcapPacket> packets, SideMap? map = null)
    {
        map ??= SideMap.Identity;
        if (packets.Count == 0) return [];
        var firstSyn = packets.FirstOrDefault(p => p.Flags.Has(TcpFlags.Syn));
        long t0 = (firstSyn ?? packets[0]).TimestampNs;
        var opener = packets.FirstOrDefault(p => p.Flags.Has(TcpFlags.Syn) && !p.Flags.Has(TcpFlags.Ack)) ?? firstSyn ?? packets[0];
        string NameOf(Ipv4Address a)
        {
            if (map.TryName(a, out string n)) return n;
            if (a == opener.Source) return map.Name("c");
            if (a == opener.Destination) return map.Name("s");
            return map.Name(a.ToString());
        }
        var rel = new RelativeSequence(packets.Select(p => p.ToSegment()));
        var list = new List<WireSegment>(packets.Count);
        foreach (var p in packets)
        {
            var segment = p.ToSegment();
            var (seq, ack) = rel.Next(segment);
            list.Add(new WireSegment((p.TimestampNs - t0) / 1e6, NameOf(p.Source) + ">" + NameOf(p.Destination),
                p.Flags, seq, ack, p.PayloadLength, null, SackText.Of(segment, rel)));
        }
        return list;
    }
}
