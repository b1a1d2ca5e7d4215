using System.Text;
using ScottPlot;
using Simulator.Core.Charts;

namespace Simulator.Charts;

/// <summary>
/// Draws a chart model with ScottPlot: the model's plot coordinates become the data coordinates (y pointing down),
/// its time axis becomes ScottPlot ticks from a manual tick generator, and ScottPlot lays out the title, tick labels,
/// lane names, captions and legend around the plot and writes the PNG or SVG. Same model and size, same bytes.
/// </summary>
public static partial class ChartRenderer
{
    /// <summary>The chart as a PNG or SVG file's bytes, at <paramref name="size"/> or else the chart's natural size.</summary>
    public static byte[] Render(Chart chart, ChartFormat format, ChartSize? size = null)
    {
        using var plot = PlotFor(chart);
        var (width, height) = size is { } s ? (s.Width, s.Height) : NaturalSize(plot, chart);
        return Render(plot, format, new ChartSize(width, height));
    }

    /// <summary>
    /// A plot built by hand (a chart of another kind: start with <see cref="NewPlot"/> so it shares the fonts and
    /// look) as a PNG or SVG file's bytes, with the same deterministic SVG as the model charts.
    /// </summary>
    public static byte[] Render(Plot plot, ChartFormat format, ChartSize size)
    {
        var (width, height) = (size.Width, size.Height);
        return format switch
        {
            ChartFormat.Png => plot.GetImageBytes(width, height, ImageFormat.Png),
            ChartFormat.Svg => Encoding.UTF8.GetBytes(NumberClipPaths(plot.GetSvgXml(width, height))),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }

    /// <summary>
    /// Skia names clip paths from a counter that runs for the whole process, so the same chart drawn after another
    /// would get other ids: number them from 1 in each document instead, in order of appearance.
    /// </summary>
    internal static string NumberClipPaths(string svg)
    {
        var ids = new Dictionary<string, string>();
        return ClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out string? id))
                ids[m.Value] = id = "clip" + (ids.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return id;
        });
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bcl_[0-9a-f]+\b")]
    private static partial System.Text.RegularExpressions.Regex ClipId();

    /// <summary>The size at which one plot unit is one pixel: the plot area plus what ScottPlot lays out around it.</summary>
    public static ChartSize NaturalSize(Chart chart)
    {
        using var plot = PlotFor(chart);
        var (w, h) = NaturalSize(plot, chart);
        return new ChartSize(w, h);
    }

    private static (int Width, int Height) NaturalSize(Plot plot, Chart chart)
    {
        int width = (int)Math.Ceiling(chart.PlotArea.Width) + 300, height = (int)Math.Ceiling(chart.PlotArea.Height) + 300;
        // The legend wraps with the width, so the margins settle after a second layout.
        for (int pass = 0; pass < 3; pass++)
        {
            plot.RenderInMemory(width, height);
            var data = plot.LastRender.DataRect;
            int w = (int)Math.Ceiling(chart.PlotArea.Width + 2 * ChartDrawing.EdgeRoom + (width - data.Width));
            int h = (int)Math.Ceiling(chart.PlotArea.Height + (height - data.Height));
            if (w == width && h == height) break;
            (width, height) = (w, h);
        }
        return (Math.Clamp(width, ChartSize.Smallest, ChartSize.Largest), Math.Clamp(height, ChartSize.Smallest, ChartSize.Largest));
    }

    /// <summary>An empty ScottPlot plot in the charts' style: shipped fonts, theme colours, quiet frames, no grid.</summary>
    public static Plot NewPlot()
    {
        var plot = new Plot();
        ChartStyle.Apply(plot);
        return plot;
    }

    private static Plot PlotFor(Chart chart)
    {
        var plot = NewPlot();
        ChartDrawing.Draw(plot, chart);
        return plot;
    }
}
