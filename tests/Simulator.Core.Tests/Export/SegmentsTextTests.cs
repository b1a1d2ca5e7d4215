using System.Text.RegularExpressions;
using Simulator.Core.Export;
using Simulator.Core.Tcp;

namespace Simulator.Core.Tests.Export;

public sealed class SegmentsTextTests
{
    [Fact]
    public void Normal_WritesReferenceColumns()
    {
        const string expected = """
            # scenario normal: TCP segments at their send time (profile linux, seed 7)
            # t0 = scenario start; 11 segments; 0 lost
            # t_ms dir flags seq ack len notes
            0.000 client>server [S] 0 0 0
            0.015 server>client [S.] 0 1 0
            0.030 client>server [.] 1 1 0
            0.100 client>server [P.] 1 1 100
            0.115 server>client [.] 1 101 0
            1.000 server>client [P.] 1 101 100
            1.015 client>server [.] 101 101 0
            2.000 client>server [F.] 101 101 0
            2.015 server>client [.] 101 102 0
            30.000 server>client [F.] 101 102 0
            30.015 client>server [.] 102 102 0

            """;
        Assert.Equal(expected, SegmentsText.Write(TestTraces.Normal()));
    }

    [Fact]
    public void LostSyn_NotesTheLossAndKeepsTheIsn()
    {
        const string expected = """
            # scenario lost-syn: TCP segments at their send time (profile linux, seed 7)
            # t0 = scenario start; 4 segments; 1 lost
            # t_ms dir flags seq ack len notes
            0.000 client>server [S] 0 0 0 LOST
            1000.000 client>server [S] 0 0 0
            1000.015 server>client [S.] 0 1 0
            1000.030 client>server [.] 1 1 0

            """;
        Assert.Equal(expected, SegmentsText.Write(TestTraces.LostSyn()));
    }

    [Fact]
    public void InjectedSyn_AnsweredByRstWithoutAck()
    {
        const string expected = """
            # scenario stale-syn: TCP segments at their send time (profile linux, seed 7)
            # t0 = scenario start; 3 segments; 0 lost
            # t_ms dir flags seq ack len notes
            0.000 client>server [S] 0 0 0 INJECTED
            0.015 server>client [S.] 0 1 0
            0.030 client>server [R] 1 0 0

            """;
        Assert.Equal(expected, SegmentsText.Write(TestTraces.InjectedRst()));
    }

    [Fact]
    public void Write_SameTrace_SameText()
    {
        Assert.Equal(SegmentsText.Write(TestTraces.Normal()), SegmentsText.Write(TestTraces.Normal()));
    }

    [Fact]
    public void Parse_OurOutput_EqualsFromTrace()
    {
        foreach (var trace in new[] { TestTraces.Normal(), TestTraces.LostSyn(), TestTraces.InjectedRst() })
        {
            var parsed = SegmentsText.Parse(SegmentsText.Write(trace));
            Assert.Equal(SegmentsText.FromTrace(trace), parsed);
        }
    }

    [Fact]
    public void Parse_ReferenceLine_SkipsConnColumnKeepsNote()
    {
        var list = SegmentsText.Parse("""
            # t_ms dir flags seq ack len conn notes
            0.029 s>c [S.] 0 1 0 47202:5000 LOST
            1021.119 c>s [P.] 1 1 100 47202:5000
            """);
        Assert.Equal(
            [
                new WireSegment(0.029, "s>c", TcpFlags.Syn | TcpFlags.Ack, 0, 1, 0, "LOST"),
                new WireSegment(1021.119, "c>s", TcpFlags.Psh | TcpFlags.Ack, 1, 1, 100, null),
            ],
            list);
    }

    [Theory]
    [MemberData(nameof(ReferenceSegmentFiles))]
    public void Parse_EveryReferenceFile_AllLinesRead(string file)
    {
        string text = ReferenceData.Text(file);
        var list = SegmentsText.Parse(text, file);
        int dataLines = text.Split('\n').Count(l => l.Trim().Length > 0 && !l.StartsWith('#'));
        Assert.Equal(dataLines, list.Count);
        Assert.NotEmpty(list);
        var announced = Regex.Match(text, @"; (\d+) segments;");
        if (announced.Success) Assert.Equal(int.Parse(announced.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), list.Count);
        Assert.All(list, s => Assert.Matches("^[cs]>[cs]$", s.Dir));
        Assert.All(list, s => Assert.Contains(s.Note, new string?[] { null, "LOST", "INJECTED" }));
        Assert.All(list.Where(s => s.Sack is not null), s => Assert.Matches(@"^(dsack \d+-\d+( sack|$)|sack)( \d+-\d+)*$", s.Sack!));
        if (!file.Contains(".server-view.", StringComparison.Ordinal))
            Assert.Equal(0.0, list.First(s => s.Flags.Has(TcpFlags.Syn)).TimeMs, 3); // t0 = first SYN on the client's veth
        Assert.Equal(list.OrderBy(s => s.TimeMs).ToList(), list);
    }

    public static TheoryData<string> ReferenceSegmentFiles() => ReferenceData.FilesData("*.segments.txt");

    [Theory]
    [InlineData("0.000 c>s [S] 0 0", 2, "got 5 field(s)")]
    [InlineData("x c>s [S] 0 0 0", 2, "t_ms 'x' is not a number")]
    [InlineData("0.000 cs [S] 0 0 0", 2, "dir 'cs' is not 'from>to'")]
    [InlineData("0.000 c>s [SX] 0 0 0", 2, "flags '[SX]'")]
    [InlineData("0.000 c>s [S] 1.5 0 0", 2, "seq '1.5'")]
    [InlineData("0.000 c>s [S] 0 4294967296 0", 2, "ack '4294967296'")]
    [InlineData("0.000 c>s [S] 0 0 z", 2, "len 'z'")]
    public void Parse_BadLine_NamesFileAndLine(string line, int lineNo, string message)
    {
        var ex = Assert.Throws<TraceFormatException>(() => SegmentsText.Parse("# header\n" + line + "\n", "x.segments.txt"));
        Assert.Equal(lineNo, ex.Line);
        Assert.StartsWith($"x.segments.txt:{lineNo}: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
