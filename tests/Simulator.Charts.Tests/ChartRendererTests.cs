using System.Buffers.Binary;
using System.Text;
using System.Xml.Linq;
using Simulator.Core.Charts;
using Simulator.Core.Tracing;
using Simulator.Core.Tests.Charts;

namespace Simulator.Charts.Tests;

public sealed class ChartRendererTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Width and height from the IHDR chunk, after checking the PNG signature.</summary>
    internal static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    /// <summary>The text of every &lt;text&gt; element, trimmed (a multi-line label gives one element per line).</summary>
    internal static List<string> Texts(byte[] svg) =>
        XDocument.Parse(Encoding.UTF8.GetString(svg)).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToList();

    [Theory]
    [MemberData(nameof(Stories.All), MemberType = typeof(Stories))]
    public void Png_is_an_image_of_the_natural_size(string name, string kind)
    {
        var chart = Stories.Chart(name, kind);
        var natural = ChartRenderer.NaturalSize(chart);
        Assert.Equal((natural.Width, natural.Height), PngSize(ChartRenderer.Render(chart, ChartFormat.Png)));
        // One plot unit is one pixel: the plot area plus room for the title, labels, captions and legend.
        Assert.InRange(natural.Width, chart.PlotArea.Width + 40, chart.PlotArea.Width + 400);
        Assert.InRange(natural.Height, chart.PlotArea.Height + 100, chart.PlotArea.Height + 400);
    }

    [Fact]
    public void An_asked_size_is_the_image_size_in_both_formats()
    {
        var chart = Stories.Chart("normal", "sequence");
        var size = new ChartSize(700, 450);
        Assert.Equal((700, 450), PngSize(ChartRenderer.Render(chart, ChartFormat.Png, size)));
        var root = XDocument.Parse(Encoding.UTF8.GetString(ChartRenderer.Render(chart, ChartFormat.Svg, size))).Root!;
        Assert.Equal("700", (string?)root.Attribute("width"));
        Assert.Equal("450", (string?)root.Attribute("height"));
    }

    [Theory]
    [MemberData(nameof(Stories.All), MemberType = typeof(Stories))]
    public void Rendering_is_deterministic_whatever_was_drawn_before(string name, string kind)
    {
        byte[] png = ChartRenderer.Render(Stories.Chart(name, kind), ChartFormat.Png);
        byte[] svg = ChartRenderer.Render(Stories.Chart(name, kind), ChartFormat.Svg);
        ChartRenderer.Render(Stories.Chart("lost-synack", "sequence"), ChartFormat.Svg);
        Assert.Equal(png, ChartRenderer.Render(Stories.Chart(name, kind), ChartFormat.Png));
        Assert.Equal(svg, ChartRenderer.Render(Stories.Chart(name, kind), ChartFormat.Svg));
    }

    [Fact]
    public void Timeline_svg_names_lanes_states_cuts_ticks_and_the_legend()
    {
        var chart = StateTimeline.Build(TestTraces.LostSynAck());
        var texts = Texts(ChartRenderer.Render(chart, ChartFormat.Svg));
        Assert.Contains(chart.Title, texts);
        foreach (string lane in new[] { "server", "client", "server#1" }) Assert.Contains(lane, texts);
        // State names inside their spans, as the model fitted them.
        foreach (var span in chart.Spans.Where(s => s.Label is not null)) Assert.Contains(span.Label!, texts);
        Assert.Contains(texts, t => t.StartsWith("ESTABLISHED", StringComparison.Ordinal));
        Assert.Contains("⋯ 1.00 s ⋯", texts);
        Assert.Contains(texts, t => t.StartsWith("Time axis: piecewise linear", StringComparison.Ordinal));
        // Tick labels of the cut axis come from the model, not from ScottPlot's own tick placement.
        Assert.All(chart.Axes.Single().Ticks, tick => Assert.Contains(tick.Label, texts));
        foreach (string entry in new[] { "SYN-RECEIVED", "lost", "retransmitted", "timer expired", "sent", "received" })
            Assert.Contains(entry, texts);
    }

    [Fact]
    public void Sequence_svg_names_hosts_arrows_times_and_notes()
    {
        var chart = SequenceDiagram.Build(TestTraces.LostSynAck(), false);
        var texts = Texts(ChartRenderer.Render(chart, ChartFormat.Svg));
        Assert.Contains("client", texts);
        Assert.Contains("10.0.0.2", texts);
        Assert.Contains("SYN,ACK seq=0 ack=1 (retx)", texts);
        Assert.All(chart.Arrows, a => Assert.Contains(a.Label!.Text, texts));
        Assert.Contains("1000.060 ms", texts);
        Assert.Contains("server#1 ESTABLISHED", texts);
        Assert.Contains(texts, t => t.StartsWith("⋯ ", StringComparison.Ordinal));
        foreach (string entry in new[] { "segment", "retransmission", "lost" }) Assert.Contains(entry, texts);
    }

    [Fact]
    public void Text_is_set_only_in_the_shipped_faces()
    {
        var doc = XDocument.Parse(Encoding.UTF8.GetString(ChartRenderer.Render(Stories.Chart("lost-synack", "sequence"), ChartFormat.Svg)));
        var families = doc.Descendants(Svg + "text").Select(t => (string?)t.Attribute("font-family")).Distinct().Order().ToList();
        Assert.Equal([ChartFonts.Sans, ChartFonts.Mono], families);
        // Arrow labels are monospaced, the title bold.
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value.Trim() == "SYN seq=0" && (string?)t.Attribute("font-family") == ChartFonts.Mono);
        Assert.Contains(doc.Descendants(Svg + "text"), t => t.Value.Trim().EndsWith("segments between hosts", StringComparison.Ordinal) && t.Attribute("font-weight") is not null);
    }

    [Theory]
    [InlineData(ChartFonts.Sans, false, "DejaVuSans.ttf")]
    [InlineData(ChartFonts.Sans, true, "DejaVuSans-Bold.ttf")]
    [InlineData(ChartFonts.Mono, false, "DejaVuSansMono.ttf")]
    public void The_fonts_come_from_the_assembly_not_the_machine(string family, bool bold, string file)
    {
        ChartFonts.Install();
        using var typeface = ScottPlot.Fonts.GetTypeface(family, bold, false);
        Assert.Equal(family, typeface.FamilyName);
        using var stream = typeface.OpenStream();
        using var shipped = typeof(ChartFonts).Assembly.GetManifestResourceStream("Simulator.Charts.Fonts." + file)!;
        Assert.Equal(shipped.Length, stream.Length);
        Assert.Null(ChartFonts.Load("Some Installed Font", bold: false));
    }

    [Fact]
    public void A_hand_built_plot_gets_the_shared_fonts_and_size()
    {
        using var plot = ChartRenderer.NewPlot();
        plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 0.5, 0.9, 0.7 });
        plot.Axes.Bottom.Label.Text = "loss probability";
        Assert.Equal((500, 300), PngSize(ChartRenderer.Render(plot, ChartFormat.Png, new ChartSize(500, 300))));
        var doc = XDocument.Parse(Encoding.UTF8.GetString(ChartRenderer.Render(plot, ChartFormat.Svg, new ChartSize(500, 300))));
        Assert.Contains("loss probability", doc.Descendants(Svg + "text").Select(t => t.Value.Trim()));
        Assert.All(doc.Descendants(Svg + "text"), t => Assert.Equal(ChartFonts.Sans, (string?)t.Attribute("font-family")));
    }

    [Fact]
    public void Clip_path_ids_are_numbered_per_document()
    {
        string svg = "<clipPath id=\"cl_4a\"/><g clip-path=\"url(#cl_4a)\"/><clipPath id=\"cl_4b\"/>";
        Assert.Equal("<clipPath id=\"clip1\"/><g clip-path=\"url(#clip1)\"/><clipPath id=\"clip2\"/>", ChartRenderer.NumberClipPaths(svg));
    }

    [Fact]
    public void An_empty_trace_renders()
    {
        var trace = new Trace("empty", null, 1, "rfc", [TraceScript.Client, TraceScript.Server]);
        Assert.True(PngSize(ChartRenderer.Render(StateTimeline.Build(trace), ChartFormat.Png)).Width >= ChartSize.Smallest);
        Assert.Contains("empty: segments between hosts", Texts(ChartRenderer.Render(SequenceDiagram.Build(trace, false), ChartFormat.Svg)));
    }
}
