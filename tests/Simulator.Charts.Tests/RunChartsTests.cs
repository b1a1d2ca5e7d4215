using System.Text;
using Simulator.Core.Charts;
using Simulator.Core.Tests.Charts;

namespace Simulator.Charts.Tests;

public sealed class RunChartsTests
{
    private static readonly ExpectationOutcome[] Verdicts = [new(true, "client connect ok")];

    [Fact]
    public void A_run_gets_both_charts_in_both_formats_and_a_self_contained_report()
    {
        var files = RunCharts.Files(TestTraces.LostSynAck(), Verdicts, new ChartOptions());
        Assert.Equal(["timeline.png", "timeline.svg", "sequence.png", "sequence.svg", "report.html"], files.Select(f => f.Name));
        string html = Encoding.UTF8.GetString(files.Single(f => f.Name == "report.html").Content);
        // The report embeds the very PNGs written beside it.
        foreach (string chart in new[] { "timeline", "sequence" })
        {
            string png = Convert.ToBase64String(files.Single(f => f.Name == chart + ".png").Content);
            Assert.Contains($"<img src=\"data:image/png;base64,{png}\"", html);
        }
        Assert.Contains("client connect ok", html);
        Assert.DoesNotContain("<svg", html);
    }

    [Fact]
    public void Svg_only_still_embeds_pngs_in_the_report_and_a_width_keeps_the_natural_height()
    {
        var options = new ChartOptions { Formats = [ChartFormat.Svg], Width = 640 };
        var files = RunCharts.Files(TestTraces.Normal(), [], options);
        Assert.Equal(["timeline.svg", "sequence.svg", "report.html"], files.Select(f => f.Name));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(Encoding.UTF8.GetString(files[^1].Content), "data:image/png;base64,"));
        var natural = ChartRenderer.NaturalSize(StateTimeline.Build(TestTraces.Normal()));
        Assert.Equal(new ChartSize(640, natural.Height), options.SizeFor(StateTimeline.Build(TestTraces.Normal())));
    }
}
