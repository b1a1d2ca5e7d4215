using Simulator.Core.Sweeps;

namespace Simulator.Core.Tests.Sweeps;

public sealed class SweepChartsTests
{
    private static RunSummary Run(long run, string loss, string retries, string result, long? connectUs) =>
        SweepRows.Row(run, [loss, retries], result, connectUs);

    private static readonly SweepSummary Summary = SweepSummary.Of(["links[0].loss", "syn_retries"],
    [
        Run(0, "0.1", "1", "ok", 30), Run(1, "0.1", "1", "ok", 1_000_030), Run(2, "0.1", "1", "ok", 30), Run(3, "0.1", "1", "ETIMEDOUT", 3_000_000),
        Run(4, "0.1", "2", "ok", 30), Run(5, "0.1", "2", "ok", 30),
        Run(6, "0.3", "1", "ETIMEDOUT", 3_000_000), Run(7, "0.3", "1", "ok", 30),
        Run(8, "0.3", "2", "ok", 3_000_030), Run(9, "0.3", "2", "none", null),
    ]);

    [Fact]
    public void SuccessRate_AgainstTheFirstKey_OneSeriesPerOtherValue()
    {
        SuccessRateChart chart = SweepCharts.Build(Summary).SuccessRate;
        Assert.Equal("links[0].loss", chart.XLabel);
        Assert.True(chart.NumericX);
        Assert.Equal(["syn_retries=1", "syn_retries=2"], chart.Series.Select(s => s.Name));
        RatePoint p = chart.Series[0].Points[0];
        Assert.Equal((0.1, 0.75), (p.X, p.Rate));
        Assert.Equal(Statistics.Wilson(3, 4), (p.Low, p.High));
        Assert.Equal([0.1, 0.3], chart.Series[1].Points.Select(q => q.X));
    }

    [Fact]
    public void ConnectCdf_StepsAtEachDistinctTime_OverAllRunsOfThePoint()
    {
        ConnectCdf cdf = SweepCharts.Build(Summary).ConnectCdfs[0];
        Assert.Equal("links[0].loss=0.1, syn_retries=1", cdf.Label);
        Assert.Equal([0.03, 1000.03], cdf.Ms);
        Assert.Equal([0.5, 0.75], cdf.Fraction);   // tops out at the success rate: one run of four timed out
    }

    [Fact]
    public void OutcomeBars_CountEachResultPerPoint_SuccessFirst()
    {
        OutcomeBars bars = SweepCharts.Build(Summary).Outcomes;
        Assert.Equal(["ok", "ETIMEDOUT", "none"], bars.Outcomes);
        Assert.Equal("links[0].loss / syn_retries", bars.XLabel);
        Assert.Equal(["0.1 / 1", "0.1 / 2", "0.3 / 1", "0.3 / 2"], bars.Labels);
        Assert.Equal([3L, 1, 0], bars.Runs[0]);
        Assert.Equal([1L, 0, 1], bars.Runs[3]);
    }

    [Fact]
    public void SuccessRate_TextValues_UsePositions()
    {
        var summary = SweepSummary.Of(["profile"], [Run(0, "linux", "", "ok", 1) with { Values = ["linux"] }, Run(1, "rfc9293", "", "ok", 1) with { Values = ["rfc9293"] }]);
        SuccessRateChart chart = SweepCharts.Build(summary).SuccessRate;
        Assert.False(chart.NumericX);
        Assert.Equal([0.0, 1.0], chart.Series[0].Points.Select(p => p.X));
        Assert.Equal(["linux", "rfc9293"], chart.Series[0].Points.Select(p => p.Label));
    }
}
