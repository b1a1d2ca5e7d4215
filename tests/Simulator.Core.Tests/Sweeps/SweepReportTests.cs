using Simulator.Core.Charts;
using Simulator.Core.Sweeps;

namespace Simulator.Core.Tests.Sweeps;

public sealed class SweepReportTests
{
    private static readonly SweepSummary Summary = SweepSummary.Of(["links[0].a>b.loss"],
    [
        SweepRows.Row(0, ["0.1"], "ok", 30), SweepRows.Row(1, ["0.1"], "ETIMEDOUT", 7_000_000), SweepRows.Row(2, ["0.5"], "ok", 1_000_030),
    ]);

    private static readonly SweepManifest Manifest = new("lost-<syn>", [new SweepAxis("links[0].a>b.loss", ["0.1", "0.5"])], new SeedRange(1, 2), 4, Shard.Whole);

    [Fact]
    public void Page_HasTheFiguresAndOneRowPerGridPoint_Escaped()
    {
        string html = SweepReport.Build(Manifest, Summary, [new ReportFigure("success-rate", "Success rate", "rate <alt>", "data:image/png;base64,AAAA")]);
        Assert.Contains("<h1>lost-&lt;syn&gt; sweep</h1>", html);
        Assert.Contains("<img src=\"data:image/png;base64,AAAA\" alt=\"rate &lt;alt&gt;\">", html);
        Assert.Contains("<th>links[0].a&gt;b.loss</th>", html);
        Assert.Equal(2, html.Split("<tr><td class=\"num\">").Length - 1);
        // 1 of 2 connected at 0.1: rate 0.5, its Wilson interval, connect p50 0.030 ms, and the outcomes.
        Assert.Contains("<td class=\"num\">0.500000</td><td class=\"num\">[0.094531, 0.905469]</td><td class=\"num\">0.030</td>", html);
        Assert.Contains("<td>ok 1, ETIMEDOUT 1</td>", html);
        Assert.DoesNotContain("<script", html);
    }
}
