using System.Buffers.Binary;
using Simulator.Core.Export;
using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Export;

public sealed class PcapWriterTests
{
    /// <summary>RFC 1071, written out again here so the writer's own helper is not checking itself.</summary>
    private static ushort OnesComplementSum(ReadOnlySpan<byte> data, uint start = 0)
    {
        ulong sum = start;
        for (int i = 0; i < data.Length; i += 2)
            sum += (uint)(data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0u);
        while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
        return (ushort)sum;
    }

    private static List<(long Ns, byte[] Frame)> Records(byte[] pcap)
    {
        var list = new List<(long, byte[])>();
        for (int at = 24; at < pcap.Length;)
        {
            long sec = BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at));
            long ns = BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 4));
            int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 8));
            Assert.Equal(len, (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 12)));
            list.Add((sec * 1_000_000_000 + ns, pcap.AsSpan(at + 16, len).ToArray()));
            at += 16 + len;
        }
        return list;
    }

    [Fact]
    public void GlobalHeader_NanosecondMagicEthernet()
    {
        byte[] pcap = PcapWriter.Write(TestTraces.Normal());
        Assert.Equal(new byte[] { 0x4d, 0x3c, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0 }, pcap[..24]);
    }

    [Fact]
    public void Records_TimestampedFromTheEpochBase()
    {
        var records = Records(PcapWriter.Write(TestTraces.Normal()));
        Assert.Equal(11, records.Count);
        Assert.Equal(1_767_225_600L * 1_000_000_000, records[0].Ns);
        Assert.Equal(1_767_225_600L * 1_000_000_000 + 15_000, records[1].Ns);
        Assert.Equal(1_767_225_600L * 1_000_000_000 + 30_015_000, records[^1].Ns);
    }

    [Fact]
    public void Checksums_RecomputedIndependently()
    {
        foreach (var trace in new[] { TestTraces.Normal(), TestTraces.LostSyn(), TestTraces.InjectedRst() })
        {
            foreach (var (_, f) in Records(PcapWriter.Write(trace)))
            {
                var ip = f.AsSpan(14, 20);
                Assert.Equal(0xFFFF, OnesComplementSum(ip));
                int total = BinaryPrimitives.ReadUInt16BigEndian(ip[2..]);
                Assert.Equal(f.Length - 14, total);
                var tcp = f.AsSpan(34, total - 20);
                uint pseudo = OnesComplementSum(ip.Slice(12, 8)) + 6u + (uint)tcp.Length;
                Assert.Equal(0xFFFF, OnesComplementSum(tcp, pseudo));
            }
        }
    }

    [Fact]
    public void IpHeader_Ttl64DontFragmentIdPerHost()
    {
        var frames = Records(PcapWriter.Write(TestTraces.Normal())).Select(r => r.Frame).ToList();
        Assert.All(frames, f => Assert.Equal(64, f[14 + 8]));
        Assert.All(frames, f => Assert.Equal(0x4000, BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(14 + 6))));
        ushort Id(byte[] f) => BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(14 + 4));
        bool FromClient(byte[] f) => f[14 + 15] == 1;
        Assert.Equal(new ushort[] { 1, 2, 3, 4, 5, 6 }, frames.Where(FromClient).Select(Id));
        Assert.Equal(new ushort[] { 1, 2, 3, 4, 5 }, frames.Where(f => !FromClient(f)).Select(Id));
        Assert.Equal(new byte[] { 2, 0, 10, 0, 0, 2, 2, 0, 10, 0, 0, 1 }, frames[0][..12]);
    }

    [Fact]
    public void Options_LinuxLayout_WindowScaledAfterTheHandshake()
    {
        var capture = PcapReader.Read(PcapWriter.Write(TestTraces.Normal()));
        var p = capture.Packets;
        Assert.Equal("mss,sackOK,TS,nop,wscale", p[0].OptionLayout);
        Assert.Equal("mss,sackOK,TS,nop,wscale", p[1].OptionLayout);
        Assert.All(p.Skip(2), x => Assert.Equal("nop,nop,TS", x.OptionLayout));
        Assert.Equal(new TcpOptions(1460, 7, true, true, 100, 0), p[0].Options);
        Assert.Equal((ushort)64240, p[0].Window); // a SYN's window is never scaled
        Assert.Equal((ushort)65160, p[1].Window);
        Assert.Equal((ushort)(64256 >> 7), p[2].Window);
        Assert.Equal((ushort)(65152 >> 7), p[4].Window);
        var rst = PcapReader.Read(PcapWriter.Write(TestTraces.InjectedRst())).Packets[2];
        Assert.Equal("", rst.OptionLayout);
    }

    [Fact]
    public void EncodeOptions_WithoutTimestampsOrSack_LinuxNopPadding()
    {
        var seg = new Segment(default, default, default, default, TcpFlags.Syn, 0, 65535, new TcpOptions(1460, 7, true, false, 0, 0));
        Assert.Equal(new byte[] { 2, 4, 5, 0xb4, 1, 1, 4, 2, 1, 3, 3, 7 }, PcapWriter.EncodeOptions(seg));
        seg = seg with { Options = new TcpOptions(1460, -1, false, true, 1, 2) };
        Assert.Equal(new byte[] { 2, 4, 5, 0xb4, 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2 }, PcapWriter.EncodeOptions(seg));
        seg = seg with { Flags = TcpFlags.Ack, Options = new TcpOptions(1460, 7, true, false, 0, 0) };
        Assert.Empty(PcapWriter.EncodeOptions(seg));
    }

    [Fact]
    public void Receiver_LostSegmentsAbsent_ArrivalTimes()
    {
        var sender = PcapReader.Read(PcapWriter.Write(TestTraces.LostSyn(), PcapTimestamps.Sender)).Packets;
        var receiver = PcapReader.Read(PcapWriter.Write(TestTraces.LostSyn(), PcapTimestamps.Receiver)).Packets;
        Assert.Equal(4, sender.Count);
        Assert.Equal(3, receiver.Count);
        long baseNs = PcapWriter.EpochBaseSeconds * 1_000_000_000;
        Assert.Equal(baseNs + 1_000_015_000, receiver[0].TimestampNs);
        Assert.Equal(sender[1] with { Number = 1, TimestampNs = receiver[0].TimestampNs }, receiver[0]);
    }

    [Fact]
    public void Duplicate_AppearsTwiceWithTheSameIpId()
    {
        var b = new TraceBuilder("dup");
        b.Send(0, "client", 40000, "server", 5000, TcpFlags.Syn, 10, 0, sender: "client");
        b.Send(0, "client", 40000, "server", 5000, TcpFlags.Syn, 10, 0, fate: SegmentFate.Duplicate, sender: "client", delay: 3000);
        b.Send(1, "client", 40000, "server", 5000, TcpFlags.Rst, 11, 0, sender: "client");
        var trace = b.Build();
        foreach (var at in new[] { PcapTimestamps.Sender, PcapTimestamps.Receiver })
        {
            var p = PcapReader.Read(PcapWriter.Write(trace, at)).Packets;
            Assert.Equal(3, p.Count);
            Assert.Equal(2, p.Count(x => x.Flags == TcpFlags.Syn && x.IpId == 1));
            Assert.Equal((ushort)2, p.Single(x => x.Flags == TcpFlags.Rst).IpId);
        }
    }

    [Fact]
    public void Write_IsDeterministic()
    {
        Assert.Equal(PcapWriter.Write(TestTraces.Normal()), PcapWriter.Write(TestTraces.Normal()));
    }

    private static string WiresharkFlags(TcpFlags f)
    {
        char[] s = "············".ToCharArray();
        if (f.Has(TcpFlags.Urg)) s[6] = 'U';
        if (f.Has(TcpFlags.Ack)) s[7] = 'A';
        if (f.Has(TcpFlags.Psh)) s[8] = 'P';
        if (f.Has(TcpFlags.Rst)) s[9] = 'R';
        if (f.Has(TcpFlags.Syn)) s[10] = 'S';
        if (f.Has(TcpFlags.Fin)) s[11] = 'F';
        return new string(s);
    }

    public static TheoryData<string> Traces() => new() { "normal", "lost-syn", "stale-syn" };

    [ToolTheory("tshark")]
    [MemberData(nameof(Traces))]
    public void Tshark_SeesTheSameSegmentsWithGoodChecksums(string name)
    {
        Trace trace = name switch
        {
            "normal" => TestTraces.Normal(),
            "lost-syn" => TestTraces.LostSyn(),
            _ => TestTraces.InjectedRst(),
        };
        var expected = SegmentsText.FromTrace(trace);
        var rows = Tshark.Fields(PcapWriter.Write(trace),
            "tcp.flags.str", "tcp.seq", "tcp.ack", "tcp.len", "tcp.checksum.status", "ip.checksum.status", "tcp.analysis.retransmission");
        Assert.Equal(expected.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var e = expected[i];
            var r = rows[i];
            Assert.Equal(WiresharkFlags(e.Flags), r[0]);
            Assert.Equal(e.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), r[1]);
            // Wireshark leaves the ack field's relative value at 0 when the ACK bit is off, as the listing does.
            Assert.Equal(e.Ack.ToString(System.Globalization.CultureInfo.InvariantCulture), r[2]);
            Assert.Equal(e.Len.ToString(System.Globalization.CultureInfo.InvariantCulture), r[3]);
            Assert.Equal("1", r[4]); // tcp.checksum.status: Good
            Assert.Equal("1", r[5]); // ip.checksum.status: Good
        }
        if (name == "lost-syn")
        {
            Assert.Equal("", rows[0][6]);
            Assert.Equal("1", rows[1][6]); // the resent SYN is a retransmission to Wireshark too
        }
    }
}
