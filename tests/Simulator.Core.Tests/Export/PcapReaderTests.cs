using System.Buffers.Binary;
using Simulator.Core.Export;
using Simulator.Core.Tcp;

namespace Simulator.Core.Tests.Export;

public sealed class PcapReaderTests
{
    public static TheoryData<string> Scenarios() => ReferenceData.ScenarioData();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ReferenceCapture_DerivesTheReferenceSegments(string scenario)
    {
        var capture = PcapReader.Read(File.ReadAllBytes(ReferenceData.Path(scenario + ".pcap")), scenario + ".pcap");
        Assert.Equal(0, capture.SkippedFrames);
        var derived = PcapReader.ToWireSegments(capture.Packets);
        var expected = SegmentsText.Parse(ReferenceData.Text(scenario + ".segments.txt"), scenario + ".segments.txt");
        Assert.Equal(expected.Count, derived.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, d) = (expected[i], derived[i]);
            Assert.True(e.SameWire(d), $"{scenario} line {i + 1}: reference '{e.ToLine()}', capture '{d.ToLine()}'");
            Assert.True(Math.Abs(e.TimeMs - d.TimeMs) <= 0.01, $"{scenario} line {i + 1}: reference {e.TimeMs} ms, capture {d.TimeMs} ms");
        }
    }

    [Fact]
    public void ReferenceCapture_OptionsAsLinuxSendsThem()
    {
        var p = PcapReader.Read(File.ReadAllBytes(ReferenceData.Path("normal.pcap"))).Packets;
        Assert.Equal("mss,sackOK,TS,nop,wscale", p[0].OptionLayout);
        Assert.Equal((ushort)1460, p[0].Options.Mss);
        Assert.Equal((sbyte)10, p[0].Options.WindowScale);
        Assert.Equal("nop,nop,TS", p[2].OptionLayout);
        Assert.Equal(100, p[3].PayloadLength);
        Assert.Equal((ushort)50064, p[0].SourcePort);
        Assert.Equal("10.77.0.1", p[0].Source.ToString());
    }

    [Fact]
    public void Map_AddressesOrShortNames()
    {
        var packets = PcapReader.Read(File.ReadAllBytes(ReferenceData.Path("lost-synack.pcap"))).Packets;
        Assert.Equal("client>server", PcapReader.ToWireSegments(packets, SideMap.Default)[0].Dir);
        Assert.Equal("a>b", PcapReader.ToWireSegments(packets, SideMap.Parse("10.77.0.1=a,10.77.0.2=b"))[0].Dir);
        Assert.Equal("b>a", PcapReader.ToWireSegments(packets, SideMap.Parse("10.77.0.1=a,10.77.0.2=b"))[1].Dir);
        Assert.Equal("c>s", PcapReader.ToWireSegments(packets)[0].Dir);
    }

    [Fact]
    public void OwnCapture_RoundTripsSegmentsAndListing()
    {
        var trace = TestTraces.Normal();
        var packets = PcapReader.Read(PcapWriter.Write(trace)).Packets;
        var sent = trace.OfType<Simulator.Core.Tracing.SegmentSent>().ToList();
        Assert.Equal(sent.Count, packets.Count);
        for (int i = 0; i < sent.Count; i++)
        {
            var s = sent[i].Segment;
            var p = packets[i].ToSegment();
            Assert.Equal((s.Source, s.Destination, s.Seq, s.Ack, s.Flags, s.Length, s.Options),
                (p.Source, p.Destination, p.Seq, p.Ack, p.Flags, p.Length, p.Options));
        }
        var listing = PcapReader.ToWireSegments(packets, SideMap.Default);
        var expected = SegmentsText.FromTrace(trace);
        Assert.Equal(expected.Count, listing.Count);
        Assert.All(expected.Zip(listing), x => Assert.True(x.First.SameWire(x.Second) && Math.Abs(x.First.TimeMs - x.Second.TimeMs) < 1e-6));
    }

    /// <summary>Rewrites a little-endian µs Ethernet capture into another magic, byte order or link type.</summary>
    private static byte[] Convert(byte[] pcap, bool bigEndian, bool nano, uint linkType)
    {
        var output = new List<byte>();
        void U32(uint v)
        {
            Span<byte> b = stackalloc byte[4];
            if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v);
            else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
            output.AddRange(b.ToArray());
        }
        void U16(ushort v)
        {
            Span<byte> b = stackalloc byte[2];
            if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v);
            else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
            output.AddRange(b.ToArray());
        }
        U32(nano ? 0xA1B23C4D : 0xA1B2C3D4);
        U16(2);
        U16(4);
        U32(0);
        U32(0);
        U32(262144);
        U32(linkType);
        for (int at = 24; at < pcap.Length;)
        {
            uint sec = BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at));
            uint us = BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 4));
            int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 8));
            byte[] frame = pcap.AsSpan(at + 16, len).ToArray();
            at += 16 + len;
            if (linkType != 1) frame = frame[14..];
            U32(sec);
            U32(nano ? us * 1000 : us);
            U32((uint)frame.Length);
            U32((uint)frame.Length);
            output.AddRange(frame);
        }
        return [.. output];
    }

    [Theory]
    [InlineData(false, false, 1u)]
    [InlineData(true, false, 1u)]
    [InlineData(false, true, 1u)]
    [InlineData(true, true, 1u)]
    [InlineData(false, false, 101u)]
    [InlineData(true, true, 228u)]
    public void BothMagicsBothByteOrdersRawLinkTypes_SamePackets(bool bigEndian, bool nano, uint linkType)
    {
        byte[] original = File.ReadAllBytes(ReferenceData.Path("lost-synack.pcap"));
        var expected = PcapReader.Read(original).Packets;
        var capture = PcapReader.Read(Convert(original, bigEndian, nano, linkType));
        Assert.Equal(bigEndian, capture.BigEndian);
        Assert.Equal(nano, capture.Nanoseconds);
        Assert.Equal(linkType, capture.LinkType);
        Assert.Equal(expected, capture.Packets);
    }

    [Fact]
    public void NonIpv4AndNonTcpFrames_Skipped()
    {
        byte[] original = PcapWriter.Write(TestTraces.LostSyn());
        var frames = new List<byte[]>();
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        byte[] ipv6 = new byte[54];
        ipv6[12] = 0x86;
        ipv6[13] = 0xDD;
        byte[] udp = new byte[42];
        udp[12] = 0x08;
        udp[14] = 0x45;
        udp[16 + 1] = 28;
        udp[14 + 9] = 17;
        var output = new List<byte>(original[..24]);
        void Add(byte[] frame)
        {
            output.AddRange(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0 });
            output.AddRange(BitConverter.GetBytes((uint)frame.Length));
            output.AddRange(BitConverter.GetBytes((uint)frame.Length));
            output.AddRange(frame);
        }
        Add(arp);
        output.AddRange(original[24..]);
        Add(ipv6);
        Add(udp);
        var capture = PcapReader.Read([.. output]);
        Assert.Equal(3, capture.SkippedFrames);
        Assert.Equal(4, capture.Packets.Count);
        Assert.Equal(2, capture.Packets[0].Number);
    }

    [Fact]
    public void BadInput_ClearMessages()
    {
        Assert.Equal("x.pcap: too short for a pcap file header (24 bytes)",
            Assert.Throws<TraceFormatException>(() => PcapReader.Read(new byte[10], "x.pcap")).Message);
        byte[] pcapng = new byte[32];
        BinaryPrimitives.WriteUInt32LittleEndian(pcapng, 0x0A0D0D0A);
        Assert.Contains("pcapng is not supported",
            Assert.Throws<TraceFormatException>(() => PcapReader.Read(pcapng, "x.pcapng")).Message, StringComparison.Ordinal);
        Assert.Equal("x.pcap: not a pcap file (magic 0x00000000)",
            Assert.Throws<TraceFormatException>(() => PcapReader.Read(new byte[24], "x.pcap")).Message);
        byte[] good = PcapWriter.Write(TestTraces.Normal());
        Assert.StartsWith("x.pcap: packet 11 at byte ",
            Assert.Throws<TraceFormatException>(() => PcapReader.Read(good.AsSpan(0, good.Length - 5), "x.pcap")).Message, StringComparison.Ordinal);
        byte[] otherLink = (byte[])good.Clone();
        otherLink[20] = 105;
        Assert.StartsWith("x.pcap: link type 105 is not supported",
            Assert.Throws<TraceFormatException>(() => PcapReader.Read(otherLink, "x.pcap")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LooksLikeCapture_MagicsOnly()
    {
        Assert.True(PcapReader.LooksLikeCapture(PcapWriter.Write(TestTraces.Normal())));
        Assert.True(PcapReader.LooksLikeCapture(File.ReadAllBytes(ReferenceData.Path("normal.pcap"))));
        Assert.False(PcapReader.LooksLikeCapture("0.000 c>s [S] 0 0 0"u8));
        Assert.True(TcpFlags.Syn.Has(TcpFlags.Syn));
    }
}
