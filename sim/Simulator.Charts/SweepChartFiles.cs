using System.Text;
using ScottPlot;
using Simulator.Core.Charts;
using Simulator.Core.Sweeps;

namespace Simulator.Charts;

/// <summary>
/// The chart files of a sweep, drawn with ScottPlot from the models of <see cref="SweepCharts"/>: success rate
/// against the first varied key with 95 % interval bars, the connect-time CDF of each grid point, and the outcomes of
/// each grid point as stacked bars; each in PNG and SVG, and <c>summary.html</c> with the PNGs embedded.
/// </summary>
public static class SweepChartFiles
{
    public static readonly ChartSize Size = new(960, 540);

    /// <summary>More CDF lines than this and a legend would hide the plot: the lines stay, the legend goes.</summary>
    public const int MaxLegendEntries = 12;

    public static IReadOnlyList<(string Name, byte[] Content)> Files(SweepManifest manifest, SweepSummary summary)
    {
        SweepCharts charts = SweepCharts.Build(summary);
        var plots = new (string Id, string Heading, string Alt, Func<Plot> Draw)[]
        {
            ("success-rate", "Success rate", $"Fraction of runs whose connect() succeeded, against {charts.SuccessRate.XLabel}, with 95 % Wilson intervals",
                () => SuccessRate(charts.SuccessRate)),
            ("connect-cdf", "Connect time", "Empirical CDF of the connect() time per grid point, as a fraction of all its runs",
                () => ConnectCdf(charts.ConnectCdfs)),
            ("outcomes", "Outcomes", "Fraction of runs per connect() result at each grid point", () => Outcomes(charts.Outcomes)),
        };
        var files = new List<(string, byte[])>();
        var figures = new List<ReportFigure>();
        foreach (var (id, heading, alt, draw) in plots)
        {
            using Plot plot = draw();
            byte[] png = ChartRenderer.Render(plot, ChartFormat.Png, Size);
            files.Add(($"{id}.{RunCharts.Extension(ChartFormat.Png)}", png));
            files.Add(($"{id}.{RunCharts.Extension(ChartFormat.Svg)}", ChartRenderer.Render(plot, ChartFormat.Svg, Size)));
            figures.Add(new ReportFigure(id, heading, alt, "data:image/png;base64," + Convert.ToBase64String(png)));
        }
        files.Add(("summary.html", new UTF8Encoding(false).GetBytes(SweepReport.Build(manifest, summary, figures))));
        return files;
    }

    private static Plot NewPlot(string title, string x, string y)
    {
        Plot plot = ChartRenderer.NewPlot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    private static Plot SuccessRate(SuccessRateChart chart)
    {
        Plot plot = NewPlot("Success rate with 95 % Wilson intervals", chart.XLabel, "connect() ok, fraction of runs");
        double[] xs = [.. chart.Series.SelectMany(s => s.Points.Select(p => p.X)).Distinct().Order()];
        double span = xs.Length > 1 ? xs[^1] - xs[0] : 1;
        double cap = span * 0.012;
        for (int i = 0; i < chart.Series.Count; i++)
        {
            RateSeries series = chart.Series[i];
            Color color = ChartStyle.Of(SweepColors.OfSeries(i));
            var line = plot.Add.Scatter(series.Points.Select(p => p.X).ToArray(), series.Points.Select(p => p.Rate).ToArray());
            line.Color = color;
            line.LineWidth = 1.5f;
            line.MarkerSize = 7;
            line.LegendText = series.Name;
            foreach (RatePoint p in series.Points)
            {
                foreach (var (x1, y1, x2, y2) in new[] { (p.X, p.Low, p.X, p.High), (p.X - cap, p.Low, p.X + cap, p.Low), (p.X - cap, p.High, p.X + cap, p.High) })
                {
                    var bar = plot.Add.Line(x1, y1, x2, y2);
                    bar.Color = color;
                    bar.LineWidth = 1.5f;
                }
            }
        }
        if (!chart.NumericX)
            plot.Axes.Bottom.SetTicks(xs, [.. xs.Select(x => chart.Series.SelectMany(s => s.Points).First(p => p.X == x).Label)]);
        double low = chart.Series.SelectMany(s => s.Points).Min(p => p.Low);
        plot.Axes.SetLimitsY(Math.Max(0, low - (1 - low) * 0.1 - 0.005), 1.005);
        plot.Axes.SetLimitsX(xs[0] - span * 0.05, xs[^1] + span * 0.05);
        if (chart.Series.Count > 1) plot.ShowLegend(Alignment.LowerLeft);
        return plot;
    }

    private static Plot ConnectCdf(IReadOnlyList<ConnectCdf> cdfs)
    {
        Plot plot = NewPlot("Connect time, empirical CDF per grid point", "connect() time (ms)", "fraction of runs connected");
        double last = Math.Max(1, cdfs.Where(c => c.Ms.Count > 0).Select(c => c.Ms[^1]).DefaultIfEmpty(1).Max());
        for (int i = 0; i < cdfs.Count; i++)
        {
            ConnectCdf cdf = cdfs[i];
            // From (0, 0) to each step, and on to the right edge at the final fraction (the runs that never connect).
            double[] xs = [0, .. cdf.Ms, last * 1.02];
            double[] ys = [0, .. cdf.Fraction, cdf.Fraction.Count > 0 ? cdf.Fraction[^1] : 0];
            var line = plot.Add.Scatter(xs, ys);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.Color = ChartStyle.Of(SweepColors.OfSeries(i));
            line.LineWidth = 1.8f;
            line.MarkerSize = 0;
            if (i >= SweepColors.SeriesCount)
            {
                // The colours have come round again: the steps carry markers (a dash pattern would not reach the SVG).
                line.MarkerShape = MarkerShape.OpenSquare;
                line.MarkerSize = 5;
            }
            if (cdfs.Count <= MaxLegendEntries) line.LegendText = cdf.Label;
        }
        plot.Axes.SetLimitsY(0, 1.02);
        plot.Axes.SetLimitsX(0, last * 1.02);
        if (cdfs.Count > 1 && cdfs.Count <= MaxLegendEntries) plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static Plot Outcomes(OutcomeBars bars)
    {
        Plot plot = NewPlot("Outcome of connect() per grid point", bars.XLabel, "fraction of runs");
        var drawn = new List<Bar>();
        for (int i = 0; i < bars.Labels.Count; i++)
        {
            double total = Math.Max(1, bars.Runs[i].Sum()), bottom = 0;
            for (int j = 0; j < bars.Outcomes.Count; j++)
            {
                double top = bottom + bars.Runs[i][j] / total;
                if (top > bottom)
                    drawn.Add(new Bar { Position = i, ValueBase = bottom, Value = top, FillColor = ChartStyle.Of(SweepColors.OfOutcome(bars.Outcomes[j])), LineWidth = 0, Size = 0.7 });
                bottom = top;
            }
        }
        plot.Add.Bars(drawn);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, bars.Labels.Count).Select(i => (double)i)], [.. bars.Labels]);
        foreach (string outcome in bars.Outcomes)
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = outcome, FillColor = ChartStyle.Of(SweepColors.OfOutcome(outcome)) });
        if (bars.Labels.Count > 16)
        {
            // Many bars: slanted labels, and room below them for the axis label.
            plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
            plot.Axes.Bottom.MinimumSize = 90;
        }
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.ShowLegend(Alignment.UpperCenter);
        plot.Axes.SetLimitsY(0, 1.14);
        plot.Axes.SetLimitsX(-0.6, bars.Labels.Count - 0.4);
        return plot;
    }
}
