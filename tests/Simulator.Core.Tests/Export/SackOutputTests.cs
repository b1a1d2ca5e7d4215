using System.Buffers.Binary;
using Simulator.Core.Charts;
using Simulator.Core.Explain;
using Simulator.Core.Export;
using Simulator.Core.Fidelity;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Export;

/// <summary>SACK blocks (RFC 2018, D-SACK RFC 2883) in every output: listing, pcap, JSONL, console, charts, compare.</summary>
public sealed class SackOutputTests
{
    private static SackBlocks Blocks(params (uint Left, uint Right)[] blocks) =>
        new(blocks.Select(b => new SackBlock(new SeqNum(b.Left), new SeqNum(b.Right))).ToArray());

    private static Segment AckWith(uint ack, SackBlocks sack, bool timestamps = true) => new(
        new(TraceBuilder.ServerIp, TestTraces.Sp), new(TraceBuilder.ClientIp, TestTraces.Cp),
        new SeqNum(TestTraces.Si + 1), new SeqNum(ack), TcpFlags.Ack, 0, 64256,
        (timestamps ? TraceBuilder.Ts(0x01020304, 0x05060708) : TcpOptions.None) with { Sack = sack });

    // ---- D-SACK: tcp_check_dsack ----------------------------------------------------------------------------------

    [Theory]
    [InlineData(101u, 1u, 101u, 0u, 0u, true)]        // below the cumulative ACK
    [InlineData(101u, 201u, 301u, 0u, 0u, false)]     // above it, alone: an ordinary block
    [InlineData(101u, 201u, 301u, 201u, 401u, true)]  // inside the second block
    [InlineData(101u, 201u, 501u, 201u, 401u, false)] // reaches past the second block
    [InlineData(101u, 101u, 201u, 0u, 0u, false)]     // starts at the ACK: new data
    public void FirstIsDuplicate_AsTcpCheckDsack(uint ack, uint l0, uint r0, uint l1, uint r1, bool expected)
    {
        var blocks = r1 == 0 ? Blocks((l0, r0)) : Blocks((l0, r0), (l1, r1));
        Assert.Equal(expected, SackText.FirstIsDuplicate(blocks, new SeqNum(ack)));
    }

    [Fact]
    public void FirstIsDuplicate_AcrossTheSequenceWrap()
    {
        // The ACK has wrapped past 0; a block just below it, still near 2^32, is a duplicate.
        Assert.True(SackText.FirstIsDuplicate(Blocks((uint.MaxValue - 99, uint.MaxValue)), new SeqNum(50)));
        Assert.False(SackText.FirstIsDuplicate(Blocks((100, 200)), new SeqNum(uint.MaxValue - 10)));
    }

    // ---- the listing words ------------------------------------------------------------------------------------------

    [Fact]
    public void Of_RelativeToTheDataSendersIsn_DsackApart()
    {
        uint ci = TestTraces.Ci;
        Assert.Equal("sack 1449-2897", SackText.Of(AckWith(ci + 1, Blocks((ci + 1449, ci + 2897))), n => n.Value - ci));
        Assert.Equal("sack 4345-5793 7241-8689",
            SackText.Of(AckWith(ci + 2897, Blocks((ci + 4345, ci + 5793), (ci + 7241, ci + 8689))), n => n.Value - ci));
        Assert.Equal("dsack 1-101 sack 201-301",
            SackText.Of(AckWith(ci + 101, Blocks((ci + 1, ci + 101), (ci + 201, ci + 301))), n => n.Value - ci));
        Assert.Null(SackText.Of(AckWith(ci + 1, SackBlocks.None), n => n.Value));
    }

    [Theory]
    [InlineData("sack 1449-2897", "sack 1449-2897")]
    [InlineData("sack 4345-5793 7241-8689 1-2", "sack 4345-5793 7241-8689 1-2")]
    [InlineData("dsack 0-1", "dsack 0-1")]
    [InlineData("dsack 1-101 sack 201-301 401-501", "dsack 1-101 sack 201-301 401-501")]
    [InlineData("sack -5-3", "sack -5-3")]
    public void TryParse_WrittenForm(string words, string expected)
    {
        Assert.True(SackText.TryParse(words.Split(' '), out string text, out string error), error);
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData("sack", "'sack' without a block")]
    [InlineData("sack 1449", "SACK block '1449' is not left-right")]
    [InlineData("sack 1-x", "SACK block '1-x'")]
    [InlineData("dsack 1-101 201-301", "a D-SACK reports one block; write the others after 'sack'")]
    [InlineData("sack 1-2 dsack 3-4", "SACK block 'dsack'")]
    public void TryParse_BadWords_SayWhat(string words, string message)
    {
        Assert.False(SackText.TryParse(words.Split(' '), out _, out string error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentsText_FateFirstThenSack()
    {
        string text = SegmentsText.Write(TestTraces.SackedHole());
        string[] lines = text.Split('\n');
        Assert.Contains("0.116 server>client [.] 1 1 0 LOST sack 1449-2897", lines);
        Assert.Contains("0.117 server>client [.] 1 1 0 sack 1449-4345", lines);
        Assert.Contains("0.155 server>client [.] 1 4345 0", lines);
        Assert.Contains("0.215 server>client [.] 1 4345 0 dsack 1-1449", lines);
    }

    [Fact]
    public void SegmentsText_ParseReadsWhatWriteWrote()
    {
        var trace = TestTraces.SackedHole();
        var parsed = SegmentsText.Parse(SegmentsText.Write(trace));
        Assert.Equal(SegmentsText.FromTrace(trace), parsed);
        var lost = parsed.Single(s => s.Note == "LOST" && s.Dir == "server>client");
        Assert.Equal("sack 1449-2897", lost.Sack);
        Assert.Equal("0.116 server>client [.] 1 1 0 LOST sack 1449-2897", lost.ToLine());
    }

    [Fact]
    public void SegmentsText_ReferenceLineWithConnAndSack()
    {
        var s = SegmentsText.Parse("0.151 s>c [.] 1 1 0 38284:5000 sack 101-102\n0.2 s>c [.] 1 1 0 38284:5000 LOST dsack 0-1\n");
        Assert.Equal((null, "sack 101-102"), (s[0].Note, s[0].Sack));
        Assert.Equal(("LOST", "dsack 0-1"), (s[1].Note, s[1].Sack));
    }

    [Fact]
    public void SegmentsText_BadSack_NamesFileAndLine()
    {
        var ex = Assert.Throws<TraceFormatException>(() => SegmentsText.Parse("# h\n0.1 s>c [.] 1 1 0 sack 101\n", "x.segments.txt"));
        Assert.StartsWith("x.segments.txt:2: SACK block '101' is not left-right", ex.Message, StringComparison.Ordinal);
    }

    // ---- pcap ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void EncodeOptions_SackAfterTimestamps_AsTcpOptionsWrite()
    {
        var seg = AckWith(1000, Blocks((0x11223344, 0x55667788), (0x99AABBCC, 0xDDEEFF00)));
        byte[] expected =
        [
            1, 1, 8, 10, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
            1, 1, 5, 18, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x00,
        ];
        Assert.Equal(expected, PcapWriter.EncodeOptions(seg));
        Assert.Equal(20 + expected.Length, seg.HeaderLength);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(1, false)]
    [InlineData(4, false)]
    public void EncodeOptions_LengthIsTheHeaderLength(int blocks, bool timestamps)
    {
        var sack = Blocks(Enumerable.Range(0, blocks).Select(i => ((uint)(1000 * i), (uint)(1000 * i + 100))).ToArray());
        var seg = AckWith(1, sack, timestamps);
        byte[] options = PcapWriter.EncodeOptions(seg);
        Assert.Equal(seg.HeaderLength, 20 + options.Length);
        Assert.Equal([1, 1, 5, (byte)(2 + 8 * blocks)], options[(timestamps ? 12 : 0)..((timestamps ? 12 : 0) + 4)]);
    }

    [Fact]
    public void KernelCapture_OurEncodingOfItsSegmentIsItsOptionBytes()
    {
        byte[] pcap = File.ReadAllBytes(ReferenceData.Path("lost-middle-of-5.pcap"));
        var packets = PcapReader.Read(pcap).Packets;
        var sacked = packets.Where(p => p.Options.Sack.Count > 0).ToList();
        Assert.Equal(2, sacked.Count);
        foreach (var p in sacked)
        {
            Assert.Equal("nop,nop,TS,nop,nop,sack", p.OptionLayout);
            Assert.Equal(RawTcpOptions(pcap, p.Number), PcapWriter.EncodeOptions(p.ToSegment()));
        }
        var rel = PcapReader.ToWireSegments(packets);
        Assert.Equal(["sack 4345-5793", "sack 4345-7241"], rel.Where(s => s.Sack is not null).Select(s => s.Sack!));
    }

    [Fact]
    public void OwnCapture_ReadBackWithItsBlocks()
    {
        var trace = TestTraces.SackedHole();
        var packets = PcapReader.Read(PcapWriter.Write(trace)).Packets;
        var sent = trace.OfType<SegmentSent>().ToList();
        Assert.Equal(sent.Select(s => s.Segment.Options.Sack), packets.Select(p => p.Options.Sack));
        Assert.Equal(3, packets.Count(p => p.OptionLayout == "nop,nop,TS,nop,nop,sack"));
        Assert.Equal(SegmentsText.FromTrace(trace).Select(s => s.Sack), PcapReader.ToWireSegments(packets, Simulator.Core.Export.SideMap.Parse("10.0.0.1=client,10.0.0.2=server")).Select(s => s.Sack));
    }

    [ToolFact("tshark")]
    public void Tshark_ReadsTheBlocksAndTheDsack()
    {
        var rows = Tshark.Fields(PcapWriter.Write(TestTraces.SackedHole()),
            "tcp.options.sack_le", "tcp.options.sack_re", "tcp.options.sack.dsack_le", "tcp.options.sack.dsack_re", "tcp.checksum.status")
            .Select(r => string.Join('|', r)).ToList();
        // Wireshark's relative numbers count from each side's ISN, as the listings do.
        Assert.Equal(
        [
            "||||1", "||||1", "||||1", "||||1", "||||1", "||||1",
            "1449|2897|||1", "1449|4345|||1", "||||1", "||||1", "||||1", "1|1449|1|1449|1",
        ], rows);
    }

    /// <summary>The TCP option bytes of packet <paramref name="number"/> (1-based) of an Ethernet/IPv4 pcap.</summary>
    private static byte[] RawTcpOptions(byte[] pcap, int number)
    {
        int offset = 24;
        for (int n = 1; n < number; n++) offset += 16 + (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(offset + 8));
        var frame = pcap.AsSpan(offset + 16);
        var ip = frame[14..];
        var tcp = ip[((ip[0] & 0x0F) * 4)..];
        return tcp[20..((tcp[12] >> 4) * 4)].ToArray();
    }

    // ---- JSONL, console, charts -----------------------------------------------------------------------------------

    [Fact]
    public void Jsonl_AbsolutePairsOnlyWhereSent_ReadBack()
    {
        var trace = TestTraces.SackedHole();
        string text = JsonlTrace.WriteText(trace);
        var lines = text.Split('\n').Where(l => l.Contains("segment_sent", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count(l => l.Contains("\"sack\":", StringComparison.Ordinal)));
        Assert.Contains("\"tsecr\":100,\"sack\":[[1001449,1004345]]}", lines[7], StringComparison.Ordinal);
        Assert.Equal(trace.Events, JsonlTrace.Read(text).Events);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[[1]]")]
    [InlineData("[[1,-2]]")]
    [InlineData("\"1-2\"")]
    public void Jsonl_BadSack_Located(string value)
    {
        string[] lines = JsonlTrace.WriteText(TestTraces.SackedHole()).Split('\n');
        int i = Array.FindIndex(lines, l => l.Contains("\"sack\":", StringComparison.Ordinal));
        lines[i] = System.Text.RegularExpressions.Regex.Replace(lines[i], "\"sack\":\\[\\[[0-9,]+\\]\\]", "\"sack\":" + value);
        var ex = Assert.Throws<TraceFormatException>(() => JsonlTrace.Read(string.Join('\n', lines)));
        Assert.Equal($"events.jsonl:{i + 1}: 'sack' must be an array of [left, right] pairs of unsigned 32-bit integers", ex.Message);
    }

    [Fact]
    public void Console_SackAfterTheFate()
    {
        var lines = ConsoleTrace.Render(TestTraces.SackedHole()).Select(l => l.Text).ToList();
        Assert.Contains(lines, l => l.StartsWith("0.116  server > client  [.]", StringComparison.Ordinal) && l.EndsWith("len 0     ✗ LOST  sack 1449-2897", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("0.215  server > client", StringComparison.Ordinal) && l.EndsWith("  dsack 1-1449", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(l => l.Contains("sack ", StringComparison.Ordinal)));
    }

    [Fact]
    public void ChartRows_LabelCarriesTheBlocks_RelativeOrAbsolute()
    {
        var trace = TestTraces.SackedHole();
        var rel = SegmentText.Rows(trace, absoluteSeq: false);
        Assert.Equal("ACK seq=1 ack=1 sack 1449-4345", rel[7].Label);
        Assert.Equal("ACK seq=1 ack=4345 dsack 1-1449", rel[11].Label);
        Assert.Equal("ACK seq=1 ack=4345", rel[9].Label);
        var abs = SegmentText.Rows(trace, absoluteSeq: true);
        Assert.Equal("ACK seq=3000000001 ack=1000001 sack 1001449-1004345", abs[7].Label);
    }

    [Fact]
    public void HtmlReport_SegmentTableShowsTheBlocks()
    {
        string html = HtmlReport.Build(new ReportInput(TestTraces.SackedHole(), [], []));
        Assert.Contains("<strong>LOST</strong> <span class=\"mono\">sack 1449-2897</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"mono\">dsack 1-1449</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentsExpectation_SackCheckedWhenGiven()
    {
        var trace = TestTraces.SackedHole();
        var wire = SegmentsText.FromTrace(trace);
        var exact = wire.Select(w => new SegmentPattern(w.From, w.To, w.Flags, w.Seq, w.Ack, w.Len, w.Note, w.Sack)).ToList();
        Assert.True(ExpectationChecker.Check(new SegmentsExpectation(exact), trace).Passed);
        Assert.True(ExpectationChecker.Check(new SegmentsExpectation(exact.Select(p => p with { Sack = null }).ToList()), trace).Passed);

        var wrong = exact.Select(p => p.Sack == "sack 1449-4345" ? p with { Sack = "sack 1449-2897" } : p).ToList();
        var result = ExpectationChecker.Check(new SegmentsExpectation(wrong), trace);
        Assert.False(result.Passed);
        Assert.Equal("segments: #8 expected server>client [.] 1 1 0 sack 1449-2897, got server>client [.] 1 1 0 sack 1449-4345", result.Text);
    }

    [Fact]
    public void Explanation_SaysWhatTheBlocksTellTheSender()
    {
        var lines = MessageCatalog.RenderLines(TraceExplainer.Explain(TestTraces.SackedHole()), ExplainLanguage.En);
        int first = lines.ToList().FindIndex(l => l.Contains("SACK 1449-2897 (RFC 2018): server#1 holds these bytes although those from 1 on are missing", StringComparison.Ordinal));
        Assert.True(first > 0, string.Join('\n', lines));
        Assert.Contains("0.116", lines[first - 1], StringComparison.Ordinal);   // under its segment's line
        Assert.Contains(lines, l => l.Contains("SACK 1449-4345 (RFC 2018)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("D-SACK 1-1449 (RFC 2883): these bytes reached server#1 a second time", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(l => l.Contains("SACK ", StringComparison.Ordinal)));
        var zh = MessageCatalog.RenderLines(TraceExplainer.Explain(TestTraces.SackedHole()), ExplainLanguage.Zh);
        Assert.Contains(zh, l => l.Contains("D-SACK 1-1449（RFC 2883）", StringComparison.Ordinal));
    }

    // ---- compare ------------------------------------------------------------------------------------------------------

    [Fact]
    public void Compare_SackBlocksMustAgree()
    {
        var reference = SegmentsText.FromTrace(TestTraces.SackedHole());
        Assert.True(SegmentComparer.Compare(reference, reference).IsFullMatch);

        var withoutSack = reference.Select(s => s with { Sack = null }).ToList();
        var result = SegmentComparer.Compare(withoutSack, reference);
        Assert.False(result.IsFullMatch);
        Assert.Equal(3, result.Rows.Count(r => r.Verdict == SegmentVerdict.Differs));
        Assert.Contains(result.Rows, r => r.Detail == "no SACK, reference sack 1449-4345");
        Assert.Contains(result.Rows, r => r.Detail == "no SACK, reference dsack 1-1449");

        var otherBlock = reference.Select(s => s.Sack == "sack 1449-4345" ? s with { Sack = "sack 1449-2897" } : s).ToList();
        var one = SegmentComparer.Compare(otherBlock, reference);
        Assert.Equal("sack 1449-2897, reference sack 1449-4345", Assert.Single(one.Rows, r => !r.IsMatch).Detail);
    }
}
