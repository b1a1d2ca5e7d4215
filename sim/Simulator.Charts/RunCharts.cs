using Simulator.Core.Charts;
using Simulator.Core.Tracing;

namespace Simulator.Charts;

/// <summary>Which chart files to write: formats and, when given, the image width or height (else the natural one).</summary>
public sealed record ChartOptions
{
    public IReadOnlyList<ChartFormat> Formats { get; init; } = [ChartFormat.Png, ChartFormat.Svg];
    public int? Width { get; init; }
    public int? Height { get; init; }
    public bool AbsoluteSeq { get; init; }

    /// <summary>The size to draw a chart at: null for its natural size, else the asked sides and the natural rest.</summary>
    public ChartSize? SizeFor(Chart chart)
    {
        if (Width is null && Height is null) return null;
        var natural = ChartRenderer.NaturalSize(chart);
        return new ChartSize(Width ?? natural.Width, Height ?? natural.Height);
    }
}

/// <summary>
/// The chart files of one run: <c>timeline</c> and <c>sequence</c> in each asked format, and <c>report.html</c> with
/// both charts embedded as PNG data URIs (so the page is one file and looks the same without the fonts installed).
/// </summary>
public static class RunCharts
{
    public static IReadOnlyList<(string Name, byte[] Content)> Files(Trace trace, IReadOnlyList<ExpectationOutcome> expectations, ChartOptions options)
    {
        var charts = new (Chart Chart, string Heading)[]
        {
            (StateTimeline.Build(trace), "States over time"),
            (SequenceDiagram.Build(trace, options.AbsoluteSeq), "Sequence diagram"),
        };
        var files = new List<(string, byte[])>();
        var figures = new List<ReportFigure>();
        foreach (var (chart, heading) in charts)
        {
            var size = options.SizeFor(chart);
            byte[]? png = null;
            foreach (var format in options.Formats)
            {
                byte[] bytes = ChartRenderer.Render(chart, format, size);
                if (format == ChartFormat.Png) png = bytes;
                files.Add(($"{chart.Id}.{Extension(format)}", bytes));
            }
            png ??= ChartRenderer.Render(chart, ChartFormat.Png, size);
            figures.Add(new ReportFigure(chart.Id, heading, chart.Title + ". " + chart.ScaleNote,
                "data:image/png;base64," + Convert.ToBase64String(png)));
        }
        string html = HtmlReport.Build(new ReportInput(trace, expectations, figures, options.AbsoluteSeq));
        files.Add(("report.html", new System.Text.UTF8Encoding(false).GetBytes(html)));
        return files;
    }

    public static string Extension(ChartFormat format) => format switch
    {
        ChartFormat.Png => "png",
        ChartFormat.Svg => "svg",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
