using ScottPlot;
using SkiaSharp;

namespace Simulator.Charts;

/// <summary>
/// Dashed and dotted strokes cut into solid pieces before they are drawn. Skia's SVG canvas cannot write a path
/// effect (it draws the line solid and complains on the console), so a pattern is never left to Skia: the same
/// dashes reach the PNG and the SVG.
/// </summary>
internal static class Dashes
{
    /// <summary>Adds to <paramref name="path"/> the "on" pieces of <paramref name="pattern"/> along a straight line, in pixels.</summary>
    public static void Add(SKPath path, float x1, float y1, float x2, float y2, float[] pattern)
    {
        float dx = x2 - x1, dy = y2 - y1, length = MathF.Sqrt(dx * dx + dy * dy);
        if (length <= 0) return;
        float ux = dx / length, uy = dy / length, at = 0;
        for (int i = 0; at < length; i = (i + 1) % pattern.Length)
        {
            float end = Math.Min(length, at + pattern[i]);
            if (i % 2 == 0)
            {
                path.MoveTo(x1 + ux * at, y1 + uy * at);
                path.LineTo(x1 + ux * end, y1 + uy * end);
            }
            at = end;
        }
    }

    public static SKPaint Stroke(Color color, float width) => new()
    {
        Color = new SKColor(color.R, color.G, color.B, color.A),
        Style = SKPaintStyle.Stroke,
        StrokeWidth = width,
        IsAntialias = true,
    };
}

/// <summary>Straight lines in one colour, width and dash pattern (plot units in, pixels out), as one path.</summary>
internal sealed class DashedLines(Color color, float width, float[] pattern) : IPlottable
{
    private readonly List<(Coordinates From, Coordinates To)> _lines = [];

    public bool IsVisible { get; set; } = true;
    public IAxes Axes { get; set; } = new Axes();
    public IEnumerable<ScottPlot.LegendItem> LegendItems => [];

    public void Add(double x1, double y1, double x2, double y2) => _lines.Add((new Coordinates(x1, y1), new Coordinates(x2, y2)));

    public AxisLimits GetAxisLimits() => AxisLimits.NoLimits;

    public void Render(RenderPack rp)
    {
        using var path = new SKPath();
        foreach (var (from, to) in _lines)
        {
            Pixel a = Axes.GetPixel(from), b = Axes.GetPixel(to);
            Dashes.Add(path, a.X, a.Y, b.X, b.Y, pattern);
        }
        using SKPaint paint = Dashes.Stroke(color, width);
        rp.Canvas.DrawPath(path, paint);
    }
}

/// <summary>A legend symbol: a dashed stroke as wide as the marker size, for a legend entry of a dashed line.</summary>
internal sealed class DashedLegendLine(float[] pattern) : IMarker
{
    public void Render(SKCanvas canvas, Paint paint, Pixel center, float size, MarkerStyle style)
    {
        using var path = new SKPath();
        Dashes.Add(path, center.X - size / 2, center.Y, center.X + size / 2, center.Y, pattern);
        using SKPaint stroke = Dashes.Stroke(style.LineColor, style.LineWidth);
        canvas.DrawPath(path, stroke);
    }
}
