using System.Text.RegularExpressions;
using System.Xml.Linq;
using Simulator.Core.Charts;

namespace Simulator.Core.Tests.Charts;

public sealed partial class SvgWriterTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string, string> Charts()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in new[] { "normal", "lost-synack", "simultaneous-close", "syn-timeout" })
        {
            data.Add(name, "timeline");
            data.Add(name, "sequence");
        }
        return data;
    }

    private static Chart Build(string name, string kind) => kind == "timeline"
        ? StateTimeline.Build(StateTimelineTests.Trace(name))
        : SequenceDiagram.Build(StateTimelineTests.Trace(name), false);

    [Theory]
    [MemberData(nameof(Charts))]
    public void Every_chart_is_a_well_formed_standalone_svg(string name, string kind)
    {
        var chart = Build(name, kind);
        string text = SvgWriter.Write(chart);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg", text);
        var doc = XDocument.Parse(text);
        var root = doc.Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal($"0 0 {SvgWriter.N(chart.Width)} {SvgWriter.N(chart.Height)}", root.Attribute("viewBox")!.Value);
        Assert.Contains("sans-serif", root.Attribute("font-family")!.Value);
        Assert.Contains("system-ui", root.Attribute("font-family")!.Value);
        Assert.NotNull(root.Element(Svg + "style"));
        Assert.Equal(chart.Title, root.Element(Svg + "title")!.Value);
        Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal));
        Assert.DoesNotContain("\r", text);
        // Every number is written with a dot and at most two decimals.
        foreach (var attr in doc.Descendants().Attributes().Where(a => a.Name.LocalName is "x" or "y" or "x1" or "y1" or "x2" or "y2" or "width" or "height" or "cx" or "cy"))
            Assert.Matches(NumberPattern(), attr.Value);
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public void Output_is_deterministic(string name, string kind) =>
        Assert.Equal(SvgWriter.Write(Build(name, kind)), SvgWriter.Write(Build(name, kind)));

    [Fact]
    public void Timeline_svg_shows_lanes_states_markers_and_cuts()
    {
        var doc = XDocument.Parse(SvgWriter.Write(StateTimeline.Build(TestTraces.LostSynAck())));
        var lanes = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "lane").Select(g => (string?)g.Attribute("data-lane")).ToList();
        Assert.Equal(["server", "client", "server#1"], lanes);
        var states = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "span").Select(g => (string?)g.Attribute("data-state")).ToList();
        Assert.Equal(["LISTEN", "SYN-SENT", "ESTABLISHED", "SYN-RECEIVED", "ESTABLISHED"], states);
        Assert.Single(doc.Descendants(Svg + "g"), g => (string?)g.Attribute("class") == "marker lost");
        Assert.Equal(3, doc.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "marker retransmission"));
        Assert.Equal(2, doc.Descendants(Svg + "g").Count(g => (string?)g.Attribute("class") == "marker timer-expiry"));
        Assert.Single(doc.Descendants(Svg + "g"), g => (string?)g.Attribute("class") == "cut");
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("⋯ 1.00 s ⋯", texts);
        Assert.Contains(texts, t => t.StartsWith("Time axis: piecewise linear", StringComparison.Ordinal));
        Assert.Contains("lost", texts);
        Assert.Contains("SYN-RECEIVED", texts);
        // Hover text on spans and markers.
        Assert.All(doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("data-tip") == "1"), g => Assert.NotNull(g.Element(Svg + "title")));
    }

    [Fact]
    public void Sequence_svg_has_life_lines_arrows_and_a_crossed_lost_segment()
    {
        var doc = XDocument.Parse(SvgWriter.Write(SequenceDiagram.Build(TestTraces.LostSynAck(), false)));
        Assert.Equal(2, doc.Descendants(Svg + "line").Count(l => (string?)l.Attribute("class") == "lifeline"));
        var segments = doc.Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class"))?.StartsWith("segment", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(7, segments.Count);
        var lost = Assert.Single(segments, g => (string?)g.Attribute("class") == "segment lost");
        Assert.NotNull(lost.Elements(Svg + "path").SingleOrDefault(p => (string?)p.Attribute("class") == "cross"));
        Assert.Null(lost.Element(Svg + "line")!.Attribute("marker-end"));
        Assert.Contains("LOST", lost.Element(Svg + "title")!.Value);
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("SYN,ACK seq=0 ack=1 (retx)", texts);
        Assert.Contains("1000.060 ms", texts);
        Assert.Contains("server#1 ESTABLISHED", texts);
        // Arrow-head markers are defined for the kinds drawn.
        var ids = doc.Descendants(Svg + "marker").Select(m => (string?)m.Attribute("id")).ToList();
        Assert.Contains("sequence-head-retransmission", ids);
    }

    [Fact]
    public void Numbers_are_rounded_and_never_negative_zero()
    {
        Assert.Equal("0", SvgWriter.N(-0.001));
        Assert.Equal("1.5", SvgWriter.N(1.5));
        Assert.Equal("2.35", SvgWriter.N(2.345));
        Assert.Equal("-3", SvgWriter.N(-2.999));
    }

    [GeneratedRegex(@"^-?\d+(\.\d{1,2})?$")]
    private static partial Regex NumberPattern();
}
