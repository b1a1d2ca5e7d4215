using ScottPlot;
using ScottPlot.TickGenerators;
using Simulator.Core.Charts;

namespace Simulator.Charts;

/// <summary>
/// Puts the elements of a <see cref="Chart"/> on a ScottPlot plot, bottom layer first: lanes, gridlines, state
/// spans, cut bands, arrows, notes and labels, markers; then axes, title, captions and legend.
/// </summary>
internal static class ChartDrawing
{
    /// <summary>Plot units added on both sides of the plot area.</summary>
    public const double EdgeRoom = 8;
    private const double ZigZagAmplitude = 3.5;
    private const double ZigZagPeriod = 8;
    private const float ShaftWidth = 1.6f;

    public static void Draw(Plot plot, Chart chart)
    {
        var area = chart.PlotArea;
        // y grows downwards in the model: the bottom limit is the larger value.
        // A little room left and right, so markers at the first and last instant are drawn whole.
        plot.Axes.SetLimits(area.X0 - EdgeRoom, area.X1 + EdgeRoom, area.Y1, area.Y0);
        plot.Axes.SetLimitsX(area.X0 - EdgeRoom, area.X1 + EdgeRoom, plot.Axes.Top);

        foreach (var lane in chart.Lanes) DrawLane(plot, lane);
        foreach (var axis in chart.Axes) DrawGrid(plot, axis, area);
        // Cut bands hide the lanes' background and grid; spans run on through them, under the zig-zag edges.
        foreach (var cut in chart.Breaks) DrawBreakBand(plot, cut);
        foreach (var span in chart.Spans) DrawSpan(plot, span);
        foreach (var cut in chart.Breaks) DrawBreakEdges(plot, cut);
        foreach (var arrow in chart.Arrows) DrawArrow(plot, arrow);
        foreach (var arrow in chart.Arrows.Where(a => a.Label is not null)) DrawArrowLabel(plot, arrow.Label!);
        foreach (var label in chart.Labels) DrawLabel(plot, label);
        foreach (var marker in chart.Markers) DrawMarker(plot, marker);

        SetAxes(plot, chart);
        SetTitle(plot, chart);
        SetLegend(plot, chart.Legend);
    }

    private static void DrawLane(Plot plot, Lane lane)
    {
        if (lane.Orientation == LaneOrientation.Horizontal)
        {
            var band = plot.Add.Rectangle(lane.X0, lane.X1, lane.Y1, lane.Y0);
            band.FillColor = ChartStyle.Of(ChartTheme.LaneBackground);
            band.LineWidth = 0;
        }
        else
        {
            var line = plot.Add.Line(lane.X0, lane.Y0, lane.X1, lane.Y1);
            line.LineColor = ChartStyle.Muted;
            line.LineWidth = 1.5f;
        }
    }

    private static void DrawGrid(Plot plot, Axis axis, PlotArea area)
    {
        var grid = new DashedLines(ChartStyle.Faint, 1, LinePattern.Dotted.Intervals);
        foreach (var tick in axis.Ticks)
        {
            if (axis.Orientation == AxisOrientation.Horizontal) grid.Add(tick.At, area.Y0, tick.At, area.Y1);
            else grid.Add(area.X0, tick.At, area.X1, tick.At);
        }
        plot.Add.Plottable(grid);
    }

    private static void DrawSpan(Plot plot, Span span)
    {
        var bar = plot.Add.Rectangle(span.X0, span.X1, span.Y1, span.Y0);
        bar.FillColor = ChartStyle.Of(span.Fill);
        bar.LineColor = ChartStyle.Paper;
        bar.LineWidth = 1;
        if (span.Label is null) return;
        var text = plot.Add.Text(span.Label, span.LabelX, (span.Y0 + span.Y1) / 2);
        ChartStyle.Style(text.LabelStyle, TextRole.SpanLabel);
        text.LabelStyle.ForeColor = ChartStyle.Of(span.TextColor);
        text.LabelStyle.Alignment = Alignment.MiddleCenter;
    }

    /// <summary>A band of paper across the cut time.</summary>
    private static void DrawBreakBand(Plot plot, BreakMark cut)
    {
        var band = plot.Add.Rectangle(cut.X0, cut.X1, cut.Y1, cut.Y0);
        band.FillColor = ChartStyle.Paper;
        band.LineWidth = 0;
    }

    /// <summary>The cut's zig-zag edges and the time it skips.</summary>
    private static void DrawBreakEdges(Plot plot, BreakMark cut)
    {
        if (cut.Axis == AxisOrientation.Horizontal)
        {
            ZigZag(plot, cut.X0, cut.Y0, cut.X0, cut.Y1);
            ZigZag(plot, cut.X1, cut.Y0, cut.X1, cut.Y1);
        }
        else
        {
            ZigZag(plot, cut.X0, cut.Y0, cut.X1, cut.Y0);
            ZigZag(plot, cut.X0, cut.Y1, cut.X1, cut.Y1);
        }
        var text = plot.Add.Text(cut.Label, cut.LabelX, cut.LabelY);
        ChartStyle.Style(text.LabelStyle, TextRole.BreakLabel);
        text.LabelStyle.ForeColor = ChartStyle.Muted;
        text.LabelStyle.BackgroundColor = ChartStyle.Paper;
        text.LabelStyle.Alignment = Alignment.MiddleCenter;
    }

    private static void ZigZag(Plot plot, double x0, double y0, double x1, double y1)
    {
        double length = Math.Max(Math.Abs(x1 - x0), Math.Abs(y1 - y0));
        int steps = Math.Max(2, (int)Math.Round(length / (ZigZagPeriod / 2)));
        var points = new Coordinates[steps + 1];
        for (int i = 0; i <= steps; i++)
        {
            double t = (double)i / steps, offset = i % 2 == 0 ? -ZigZagAmplitude : ZigZagAmplitude;
            points[i] = x0 == x1
                ? new Coordinates(x0 + offset, y0 + (y1 - y0) * t)
                : new Coordinates(x0 + (x1 - x0) * t, y0 + offset);
        }
        var line = plot.Add.ScatterLine(points, ChartStyle.Muted);
        line.LineWidth = 1.2f;
        line.MarkerSize = 0;
    }

    /// <summary>The dash pattern (pixels on, off, …) of a kind of segment's shaft; null: solid.</summary>
    private static float[]? DashesOf(ArrowKind kind) => kind switch
    {
        ArrowKind.Injected => [7, 4],
        ArrowKind.Duplicate => [2, 3],
        ArrowKind.Delayed => [10, 3, 2, 3],
        _ => null,
    };

    /// <summary>A segment: its shaft (dashed for injected, duplicated and delayed ones), then a head or, when lost, a cross.</summary>
    private static void DrawArrow(Plot plot, Arrow arrow)
    {
        var color = ChartStyle.Of(arrow.Stroke);
        if (DashesOf(arrow.Kind) is { } dashes)
        {
            var dashed = new DashedLines(color, ShaftWidth, dashes);
            dashed.Add(arrow.X1, arrow.Y1, arrow.X2, arrow.Y2);
            plot.Add.Plottable(dashed);
        }
        else
        {
            var shaft = plot.Add.Line(arrow.X1, arrow.Y1, arrow.X2, arrow.Y2);
            shaft.LineColor = color;
            shaft.LineWidth = ShaftWidth;
        }
        if (arrow.Kind == ArrowKind.Lost)
        {
            var cross = plot.Add.Marker(arrow.X2, arrow.Y2, MarkerShape.Eks, 11, color);
            cross.MarkerLineWidth = 2.4f;
            return;
        }
        double dx = arrow.X2 - arrow.X1, dy = arrow.Y2 - arrow.Y1, length = Math.Sqrt(dx * dx + dy * dy);
        if (length < 1) return;
        const double head = 10;
        var tip = plot.Add.Arrow(arrow.X2 - dx / length * head, arrow.Y2 - dy / length * head, arrow.X2, arrow.Y2);
        tip.ArrowFillColor = color;
        tip.ArrowLineColor = color;
        tip.ArrowLineWidth = 0;
        tip.ArrowWidth = 0;
        tip.ArrowheadLength = (float)head;
        tip.ArrowheadAxisLength = (float)head;
        tip.ArrowheadWidth = 9;
    }

    private static void DrawArrowLabel(Plot plot, ArrowLabel label)
    {
        var text = plot.Add.Text(label.Text, label.X, label.Y);
        ChartStyle.Style(text.LabelStyle, TextRole.ArrowLabel);
        text.LabelStyle.ForeColor = ChartStyle.Ink;
        text.LabelStyle.BackgroundColor = ChartStyle.Paper.WithAlpha((byte)235);
        text.LabelStyle.Padding = 1.5f;
        text.LabelStyle.Alignment = Alignment.MiddleCenter;
    }

    private static void DrawLabel(Plot plot, TextLabel label)
    {
        var text = plot.Add.Text(label.Text, label.X, label.Y);
        ChartStyle.Style(text.LabelStyle, label.Role);
        text.LabelStyle.ForeColor = label.Color is { } c ? ChartStyle.Of(c) : ChartStyle.Ink;
        if (label.Background is { } bg)
        {
            text.LabelStyle.BackgroundColor = ChartStyle.Of(bg);
            text.LabelStyle.Padding = 3;
            text.LabelStyle.BorderRadius = 8;
        }
        text.LabelStyle.Alignment = label.Anchor switch
        {
            TextAnchor.Start => Alignment.MiddleLeft,
            TextAnchor.End => Alignment.MiddleRight,
            _ => Alignment.MiddleCenter,
        };
    }

    private static void DrawMarker(Plot plot, Marker marker)
    {
        var (shape, size) = Shape(marker.Kind);
        var m = plot.Add.Marker(marker.X, marker.Y, shape, size, ChartStyle.Of(marker.Color));
        m.MarkerLineWidth = marker.Kind == MarkerKind.Lost ? 2.4f : 1.4f;
    }

    /// <summary>How each kind of event marker looks, in the plot and in the legend.</summary>
    public static (MarkerShape Shape, float Size) Shape(MarkerKind kind) => kind switch
    {
        MarkerKind.Sent => (MarkerShape.FilledCircle, 7),
        MarkerKind.Received => (MarkerShape.OpenCircle, 7),
        MarkerKind.Retransmission => (MarkerShape.FilledTriangleUp, 10),
        MarkerKind.Lost => (MarkerShape.Eks, 10),
        MarkerKind.TimerExpiry => (MarkerShape.OpenDiamond, 9),
        MarkerKind.Stale => (MarkerShape.FilledDiamond, 11),
        _ => (MarkerShape.FilledCircle, 7),
    };

    /// <summary>
    /// The time axis gets the model's ticks (a manual tick generator: the cut axis is the model's, not ScottPlot's);
    /// lanes label the left edge (bands) or the top edge (life-lines); edges with nothing to say are hidden.
    /// </summary>
    private static void SetAxes(Plot plot, Chart chart)
    {
        var bottom = new NumericManual();
        var left = new NumericManual();
        var top = new NumericManual();
        foreach (var axis in chart.Axes)
        {
            var generator = axis.Orientation == AxisOrientation.Horizontal ? bottom : left;
            foreach (var tick in axis.Ticks) generator.AddMajor(tick.At, tick.Label);
        }
        foreach (var lane in chart.Lanes)
        {
            string label = lane.Detail is { Length: > 0 } d ? lane.Name + "\n" + d : lane.Name;
            if (lane.Orientation == LaneOrientation.Horizontal) left.AddMajor((lane.Y0 + lane.Y1) / 2, label);
            else top.AddMajor(lane.X0, label);
        }
        plot.Axes.Bottom.TickGenerator = bottom;
        plot.Axes.Left.TickGenerator = left;
        plot.Axes.Top.TickGenerator = top;
        plot.Axes.Right.TickGenerator = new NumericManual();
        plot.Axes.Top.IsVisible = true;
        plot.Axes.Top.TickLabelStyle.IsVisible = true;

        bool timeBelow = chart.Axes.Any(a => a.Orientation == AxisOrientation.Horizontal);
        plot.Axes.Bottom.FrameLineStyle.Width = timeBelow ? 1 : 0;
        plot.Axes.Bottom.MajorTickStyle.Length = timeBelow ? 4 : 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Top.MajorTickStyle.Length = 0;
        plot.Axes.Right.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.MinorTickStyle.Length = 0;
        plot.Axes.Left.MinorTickStyle.Length = 0;
        plot.Axes.Top.MinorTickStyle.Length = 0;
        plot.Axes.Right.MinorTickStyle.Length = 0;

        IAxis laneLabels = chart.Lanes.Any(l => l.Orientation == LaneOrientation.Horizontal) ? plot.Axes.Left : plot.Axes.Top;
        laneLabels.TickLabelStyle.ForeColor = ChartStyle.Ink;
        laneLabels.TickLabelStyle.FontSize = (float)ChartTheme.FontSize(TextRole.LaneName);
        laneLabels.TickLabelStyle.Bold = true;
        if (chart.Axes.FirstOrDefault(a => a.Orientation == AxisOrientation.Vertical) is { } timeDown)
        {
            // Instants down the side line up digit by digit.
            plot.Axes.Left.TickLabelStyle.FontName = ChartFonts.Mono;
            if (timeDown.Caption is { } caption) plot.Axes.Left.Label.Text = caption;
        }
        plot.Axes.Bottom.Label.Text = string.Join("\n", chart.Captions);
    }

    /// <summary>The title above the plot and the subtitle (profile, seed, description) under it.</summary>
    private static void SetTitle(Plot plot, Chart chart)
    {
        plot.Axes.Title.Label.Text = chart.Title;
        plot.Axes.Title.Label.Bold = true;
        plot.Axes.Title.VerticalPadding = 8;
        if (chart.Subtitle is { } subtitle)
        {
            var panel = new ScottPlot.Panels.TitlePanel { VerticalPadding = 6 };
            ChartStyle.Style(panel.Label, TextRole.Subtitle);
            panel.Label.ForeColor = ChartStyle.Muted;
            panel.Label.Text = Wrap(subtitle, (int)(chart.PlotArea.Width / TextMetrics.Width("n", TextRole.Subtitle)), SubtitleLines);
            plot.Axes.AddPanel(panel);
        }
    }

    private const int SubtitleLines = 2;

    /// <summary>
    /// Breaks text into lines of at most <paramref name="width"/> characters at spaces; past <paramref name="maxLines"/>
    /// the last line ends in an ellipsis.
    /// </summary>
    internal static string Wrap(string text, int width, int maxLines)
    {
        var lines = new List<string>();
        string line = "";
        foreach (string word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else line = line.Length == 0 ? word : line + " " + word;
        }
        lines.Add(line);
        if (lines.Count > maxLines)
        {
            lines = lines[..maxLines];
            string last = lines[^1];
            lines[^1] = (last.Length + 2 > width ? last[..Math.Max(0, width - 2)] : last) + " …";
        }
        return string.Join("\n", lines);
    }

    private static void SetLegend(Plot plot, IReadOnlyList<Core.Charts.LegendItem> items)
    {
        if (items.Count == 0) return;
        plot.Legend.ManualItems.Clear();
        foreach (var item in items)
        {
            var color = ChartStyle.Of(item.Color);
            var entry = new ScottPlot.LegendItem { LabelText = item.Text };
            switch (item.Symbol)
            {
                case LegendSymbol.Swatch:
                    entry.FillColor = color;
                    break;
                case LegendSymbol.Marker:
                    var (shape, size) = Shape(item.Marker ?? MarkerKind.Sent);
                    entry.MarkerShape = shape;
                    entry.MarkerSize = size;
                    entry.MarkerColor = color;
                    entry.MarkerLineWidth = item.Marker == MarkerKind.Lost ? 2.4f : 1.4f;
                    break;
                case LegendSymbol.Arrow:
                    entry.LineColor = color;
                    entry.LineWidth = ShaftWidth;
                    if (DashesOf(item.Arrow ?? ArrowKind.Normal) is { } dashes)
                    {
                        // The dashes are drawn by the legend symbol's marker, over the whole symbol width.
                        entry.LineWidth = 0;
                        entry.MarkerShape = MarkerShape.FilledSquare;
                        entry.MarkerSize = plot.Legend.SymbolWidth;
                        entry.MarkerStyle.LineColor = color;
                        entry.MarkerStyle.LineWidth = ShaftWidth;
                        entry.MarkerStyle.CustomRenderer = new DashedLegendLine(dashes);
                    }
                    else if (item.Arrow == ArrowKind.Lost)
                    {
                        entry.MarkerShape = MarkerShape.Eks;
                        entry.MarkerSize = 9;
                        entry.MarkerColor = color;
                        entry.MarkerLineWidth = 2.4f;
                    }
                    break;
            }
            plot.Legend.ManualItems.Add(entry);
        }
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.OutlineColor = Colors.Transparent;
        plot.Legend.BackgroundColor = ChartStyle.Paper;
    }
}
