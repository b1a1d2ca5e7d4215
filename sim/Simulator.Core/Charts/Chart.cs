namespace Simulator.Core.Charts;

/// <summary>
/// A finished chart in its own coordinate space (origin top-left, y down, one unit a CSS pixel): what to draw and
/// where, with the meaning of each element kept so that any backend (SVG today) can render it and tests can read it.
/// </summary>
public sealed class Chart
{
    /// <summary>Short identifier, unique within a page (prefixes ids in SVG).</summary>
    public required string Id { get; init; }
    public required double Width { get; init; }
    public required double Height { get; init; }
    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    /// <summary>How time is drawn (linear, broken, event-spaced): every chart says it.</summary>
    public required string ScaleNote { get; init; }
    public IReadOnlyList<Lane> Lanes { get; init; } = [];
    public IReadOnlyList<Span> Spans { get; init; } = [];
    public IReadOnlyList<Arrow> Arrows { get; init; } = [];
    public IReadOnlyList<Marker> Markers { get; init; } = [];
    public IReadOnlyList<TextLabel> Labels { get; init; } = [];
    public IReadOnlyList<Rule> Rules { get; init; } = [];
    public IReadOnlyList<Axis> Axes { get; init; } = [];
    public IReadOnlyList<BreakMark> Breaks { get; init; } = [];
    public Legend? Legend { get; init; }
}

public enum LaneOrientation
{
    /// <summary>A band across the chart (one endpoint of a state timeline).</summary>
    Horizontal,
    /// <summary>A life-line down the chart (one host of a sequence diagram); X0 == X1.</summary>
    Vertical,
}

/// <summary>A lane: a horizontal band from (X0,Y0) to (X1,Y1), or a vertical life-line at X0 from Y0 to Y1.</summary>
public sealed record Lane(string Name, string? Detail, LaneOrientation Orientation, double X0, double Y0, double X1, double Y1);

/// <summary>
/// A stretch of time in one lane: a TCP state. <see cref="Name"/> is the full state name; <see cref="Label"/> is what
/// fits inside (the name, an abbreviation, or nothing), centred at <see cref="LabelX"/>.
/// </summary>
public sealed record Span(
    int Lane, double X0, double X1, double Y0, double Y1, ChartColor Fill, ChartColor TextColor,
    string Name, string? Label, double LabelX, string Tooltip);

public enum ArrowKind
{
    Normal,
    Retransmission,
    /// <summary>Never arrived: the arrow stops short and ends in a cross.</summary>
    Lost,
    Duplicate,
    Delayed,
    Injected,
}

/// <summary>Text placed on an arrow, centred at (X, Y), drawn over a background so crossing lines stay legible.</summary>
public sealed record ArrowLabel(double X, double Y, string Text);

/// <summary>One segment: from its sender at send time to its receiver at arrival time (for a lost one, to the cross).</summary>
public sealed record Arrow(
    double X1, double Y1, double X2, double Y2, ArrowKind Kind, ChartColor Stroke, ArrowLabel? Label, string Tooltip);

public enum MarkerKind
{
    Sent,
    Received,
    Retransmission,
    Lost,
    TimerExpiry,
    /// <summary>Bytes of an earlier incarnation of the 4-tuple taken as new data (at the arrow's head).</summary>
    Stale,
}

/// <summary>A point event; <see cref="Lane"/> is the lane it belongs to, when it belongs to one.</summary>
public sealed record Marker(double X, double Y, MarkerKind Kind, ChartColor Color, int? Lane, string Tooltip);

public enum TextRole
{
    Title,
    Subtitle,
    LaneName,
    LaneDetail,
    TickLabel,
    BreakLabel,
    TimeLabel,
    StateNote,
    Note,
    Caption,
    LegendText,
    ArrowLabel,
    SpanLabel,
}

public enum TextAnchor
{
    Start,
    Middle,
    End,
}

/// <summary>Free text at (X, Y) (Y is the vertical centre); an optional background pill behind it.</summary>
public sealed record TextLabel(
    double X, double Y, string Text, TextRole Role, TextAnchor Anchor, ChartColor? Color = null,
    ChartColor? Background = null, string? Tooltip = null);

public enum RuleKind
{
    Grid,
    Lifeline,
    Separator,
}

/// <summary>A plain line.</summary>
public sealed record Rule(double X1, double Y1, double X2, double Y2, RuleKind Kind);

public enum AxisOrientation
{
    /// <summary>Along x, drawn at y = Position, labels below.</summary>
    Horizontal,
    /// <summary>Along y, drawn at x = Position, labels to the left.</summary>
    Vertical,
}

public sealed record AxisTick(double At, string Label);

/// <summary>
/// A time axis from Start to End (coordinates along it) at Position across it, with ticks; gridlines run from
/// GridFrom to GridTo across the plot when those differ.
/// </summary>
public sealed record Axis(
    AxisOrientation Orientation, double Position, double Start, double End, IReadOnlyList<AxisTick> Ticks,
    string? Caption, double GridFrom, double GridTo);

/// <summary>
/// Time cut out of the chart: a band from (X0,Y0) to (X1,Y1) crossed by zig-zag marks, with the skipped duration.
/// Vertical breaks cut a horizontal time axis; horizontal breaks cut time flowing down.
/// </summary>
public sealed record BreakMark(
    double X0, double Y0, double X1, double Y1, AxisOrientation Axis, string Label, double LabelX, double LabelY, string Tooltip);

public enum LegendSymbol
{
    Swatch,
    Marker,
    Arrow,
}

public sealed record LegendItem(double X, double Y, LegendSymbol Symbol, ChartColor Color, MarkerKind? Marker, ArrowKind? Arrow, string Text);

public sealed record Legend(double X, double Y, double Width, double Height, IReadOnlyList<LegendItem> Items)
{
    public const double RowHeight = 22;
    public const double SymbolWidth = 26;

    /// <summary>Lays items out left to right from (x, y), wrapping at <paramref name="width"/>.</summary>
    public static Legend Flow(IEnumerable<(LegendSymbol Symbol, ChartColor Color, MarkerKind? Marker, ArrowKind? Arrow, string Text)> items, double x, double y, double width)
    {
        var placed = new List<LegendItem>();
        double cx = x, cy = y + RowHeight / 2;
        foreach (var (symbol, color, marker, arrow, text) in items)
        {
            double w = SymbolWidth + 6 + TextMetrics.Width(text, TextRole.LegendText) + 18;
            if (cx > x && cx + w > x + width)
            {
                cx = x;
                cy += RowHeight;
            }
            placed.Add(new LegendItem(cx, cy, symbol, color, marker, arrow, text));
            cx += w;
        }
        double height = placed.Count == 0 ? 0 : cy + RowHeight / 2 - y;
        return new Legend(x, y, width, height, placed);
    }
}
