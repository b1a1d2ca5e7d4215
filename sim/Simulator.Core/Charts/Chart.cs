namespace Simulator.Core.Charts;

/// <summary>
/// A finished chart in its own plot coordinates (x to the right, y down, one unit a pixel at the natural size): what
/// to draw and where, with the meaning of each element kept so that a renderer (ScottPlot, in Simulator.Charts) can
/// draw it and tests can read it. <see cref="PlotArea"/> is the region the elements occupy; the renderer puts the
/// title, the axes' tick labels, the lane names, the captions and the legend around it.
/// </summary>
public sealed class Chart
{
    /// <summary>Short identifier, unique within a page.</summary>
    public required string Id { get; init; }
    public required PlotArea PlotArea { get; init; }
    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    /// <summary>How time is drawn (linear, broken, event-spaced): every chart says it.</summary>
    public required string ScaleNote { get; init; }
    /// <summary>Lines of explanation under the chart (the scale note first).</summary>
    public IReadOnlyList<string> Captions { get; init; } = [];
    public IReadOnlyList<Lane> Lanes { get; init; } = [];
    public IReadOnlyList<Span> Spans { get; init; } = [];
    public IReadOnlyList<Arrow> Arrows { get; init; } = [];
    public IReadOnlyList<Marker> Markers { get; init; } = [];
    public IReadOnlyList<TextLabel> Labels { get; init; } = [];
    public IReadOnlyList<Rule> Rules { get; init; } = [];
    public IReadOnlyList<Axis> Axes { get; init; } = [];
    public IReadOnlyList<BreakMark> Breaks { get; init; } = [];
    public IReadOnlyList<LegendItem> Legend { get; init; } = [];
}

/// <summary>The plot region in chart coordinates, X0 &lt; X1 and Y0 (top) &lt; Y1 (bottom).</summary>
public sealed record PlotArea(double X0, double Y0, double X1, double Y1)
{
    public double Width => X1 - X0;
    public double Height => Y1 - Y0;
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
    /// <summary>Along x, labels below the plot.</summary>
    Horizontal,
    /// <summary>Along y, labels left of the plot.</summary>
    Vertical,
}

public sealed record AxisTick(double At, string Label);

/// <summary>
/// A time axis with its ticks (coordinates along it): a horizontal one is drawn below the plot, a vertical one to
/// its left, each with dotted gridlines across the plot at the ticks.
/// </summary>
public sealed record Axis(AxisOrientation Orientation, IReadOnlyList<AxisTick> Ticks, string? Caption);

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

/// <summary>One entry of the legend: a state swatch, an event marker or an arrow style, and what it means.</summary>
public sealed record LegendItem(LegendSymbol Symbol, ChartColor Color, MarkerKind? Marker, ArrowKind? Arrow, string Text);
