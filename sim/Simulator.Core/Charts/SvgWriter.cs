using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Simulator.Core.Charts;

/// <summary>
/// Renders a <see cref="Chart"/> as a standalone SVG document: viewBox, embedded style, system fonts, hover text in
/// &lt;title&gt; elements. Deterministic: the same chart gives the same bytes (invariant culture, two decimals, \n).
/// </summary>
public static class SvgWriter
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>The chart as an SVG file's text, with an XML declaration.</summary>
    public static string Write(Chart chart) => "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Serialize(ToElement(chart)) + "\n";

    /// <summary>The chart's &lt;svg&gt; element as text, without declaration (for inlining into HTML).</summary>
    public static string WriteInline(Chart chart) => Serialize(ToElement(chart));

    public static XElement ToElement(Chart chart)
    {
        string id = chart.Id;
        var root = new XElement(Svg + "svg",
            new XAttribute("id", id),
            new XAttribute("class", "tcpsim-chart"),
            new XAttribute("viewBox", $"0 0 {N(chart.Width)} {N(chart.Height)}"),
            new XAttribute("width", N(chart.Width)),
            new XAttribute("height", N(chart.Height)),
            new XAttribute("role", "img"),
            new XAttribute("aria-labelledby", id + "-title"),
            new XAttribute("font-family", ChartTheme.FontFamily),
            new XElement(Svg + "title", new XAttribute("id", id + "-title"), chart.Title),
            new XElement(Svg + "desc", chart.ScaleNote),
            new XElement(Svg + "style", Style(id)),
            Defs(id),
            new XElement(Svg + "rect", new XAttribute("class", "paper"), new XAttribute("width", N(chart.Width)), new XAttribute("height", N(chart.Height))),
            Text(16, 26, chart.Title, TextRole.Title, TextAnchor.Start, null),
            chart.Subtitle is null ? null : Text(16, 47, chart.Subtitle, TextRole.Subtitle, TextAnchor.Start, ChartTheme.MutedInk),
            Group("lanes", chart.Lanes.Select(Lane)),
            Group("grid", chart.Axes.SelectMany(Grid)),
            Group("spans", chart.Spans.Select(SpanBar)),
            Group("breaks", chart.Breaks.Select(Break)),
            Group("arrows", chart.Arrows.Select(a => ArrowLine(id, a))),
            Group("arrow-labels", chart.Arrows.Where(a => a.Label is not null).Select(ArrowText)),
            Group("span-labels", chart.Spans.Where(s => s.Label is not null).Select(SpanText)),
            Group("markers", chart.Markers.Select(MarkerShape)),
            Group("axes", chart.Axes.Select(AxisElement)),
            Group("break-labels", chart.Breaks.Select(b => Text(b.LabelX, b.LabelY, b.Label, TextRole.BreakLabel, TextAnchor.Middle, ChartTheme.MutedInk))),
            Group("labels", chart.Labels.Select(Label)),
            chart.Legend is null ? null : Group("legend", chart.Legend.Items.Select(i => LegendEntry(id, i))));
        return root;
    }

    private static string Serialize(XElement element)
    {
        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            Indent = true,
            IndentChars = " ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
        };
        var sb = new StringBuilder();
        using (var writer = XmlWriter.Create(sb, settings))
            element.WriteTo(writer);
        return sb.ToString();
    }

    private static string Style(string id)
    {
        string s = "#" + id;
        var css = new StringBuilder();
        css.Append('\n');
        css.Append($"{s} .paper {{ fill: {ChartTheme.Paper}; }}\n");
        foreach (var role in Enum.GetValues<TextRole>())
        {
            css.Append(CultureInfo.InvariantCulture, $"{s} .t-{Kebab(role.ToString())} {{ font-size: {N(ChartTheme.FontSize(role))}px;");
            if (ChartTheme.IsBold(role)) css.Append(" font-weight: 600;");
            if (ChartTheme.IsMonospace(role)) css.Append($" font-family: {ChartTheme.MonoFamily};");
            if (role is TextRole.BreakLabel or TextRole.Note) css.Append(" font-style: italic;");
            css.Append(" }\n");
        }
        css.Append($"{s} .lane-bg {{ fill: {ChartTheme.LaneBackground}; }}\n");
        css.Append($"{s} .lifeline {{ stroke: {ChartTheme.MutedInk}; stroke-width: 1.5; }}\n");
        css.Append($"{s} .host-box {{ fill: {ChartTheme.LaneBackground}; stroke: {ChartTheme.MutedInk}; stroke-width: 1; }}\n");
        css.Append($"{s} .gridline {{ stroke: {ChartTheme.Faint}; stroke-width: 1; stroke-dasharray: 2 3; }}\n");
        css.Append($"{s} .axis-line, {s} .tick {{ stroke: {ChartTheme.MutedInk}; stroke-width: 1; }}\n");
        css.Append($"{s} .span-bar {{ stroke: {ChartTheme.Paper}; stroke-width: 1; }}\n");
        css.Append($"{s} .cut-band {{ fill: {ChartTheme.Paper}; }}\n");
        css.Append($"{s} .cut-halo {{ fill: none; stroke: {ChartTheme.Paper}; stroke-width: 3.5; }}\n");
        css.Append($"{s} .cut-edge {{ fill: none; stroke: {ChartTheme.MutedInk}; stroke-width: 1.2; }}\n");
        css.Append($"{s} .arrow {{ fill: none; stroke-width: 1.6; }}\n");
        css.Append($"{s} .arrow.injected {{ stroke-dasharray: 7 4; }}\n");
        css.Append($"{s} .arrow.duplicate {{ stroke-dasharray: 2 3; }}\n");
        css.Append($"{s} .arrow.delayed {{ stroke-dasharray: 10 3 2 3; }}\n");
        css.Append($"{s} .cross {{ stroke-width: 2.4; stroke-linecap: round; }}\n");
        css.Append($"{s} .outlined {{ stroke-width: 4; stroke-linejoin: round; paint-order: stroke; }}\n");
        css.Append($"{s} .label-bg {{ fill: {ChartTheme.Paper}; opacity: 0.92; }}\n");
        css.Append($"{s} .marker-line {{ stroke-width: 2.2; stroke-linecap: round; }}\n");
        css.Append($"{s} g[data-tip]:hover > rect, {s} g[data-tip]:hover > line {{ filter: brightness(0.92); }}\n");
        return css.ToString();
    }

    private static XElement Defs(string id) =>
        new(Svg + "defs", Enum.GetValues<ArrowKind>().Where(k => k != ArrowKind.Lost).Select(kind =>
            new XElement(Svg + "marker",
                new XAttribute("id", HeadId(id, kind)),
                new XAttribute("viewBox", "0 0 10 10"),
                new XAttribute("refX", "9"),
                new XAttribute("refY", "5"),
                new XAttribute("markerWidth", "7"),
                new XAttribute("markerHeight", "7"),
                new XAttribute("orient", "auto-start-reverse"),
                new XElement(Svg + "path", new XAttribute("d", "M0,0 L10,5 L0,10 z"), new XAttribute("fill", EventColors.Of(kind).Hex)))));

    private static string HeadId(string chartId, ArrowKind kind) => $"{chartId}-head-{Kebab(kind.ToString())}";

    private static XElement Lane(Lane lane)
    {
        if (lane.Orientation == LaneOrientation.Horizontal)
        {
            double mid = (lane.Y0 + lane.Y1) / 2;
            return new XElement(Svg + "g", new XAttribute("class", "lane"), new XAttribute("data-lane", lane.Name),
                new XElement(Svg + "title", lane.Detail is null ? lane.Name : $"{lane.Name} ({lane.Detail})"),
                Rect(lane.X0, lane.Y0, lane.X1 - lane.X0, lane.Y1 - lane.Y0, "lane-bg", 4),
                Text(lane.X0 - 14, mid - 6, lane.Name, TextRole.LaneName, TextAnchor.End, null),
                lane.Detail is null ? null : Text(lane.X0 - 14, mid + 11, lane.Detail, TextRole.LaneDetail, TextAnchor.End, ChartTheme.MutedInk));
        }
        double boxWidth = Math.Max(TextMetrics.Width(lane.Name, TextRole.LaneName), lane.Detail is null ? 0 : TextMetrics.Width(lane.Detail, TextRole.LaneDetail)) + 28;
        double boxTop = lane.Y0 - 40;
        return new XElement(Svg + "g", new XAttribute("class", "lane"), new XAttribute("data-lane", lane.Name),
            new XElement(Svg + "title", lane.Detail is null ? lane.Name : $"{lane.Name} ({lane.Detail})"),
            Line(lane.X0, lane.Y0, lane.X0, lane.Y1, "lifeline"),
            Rect(lane.X0 - boxWidth / 2, boxTop, boxWidth, 38, "host-box", 5),
            Text(lane.X0, boxTop + (lane.Detail is null ? 19 : 13), lane.Name, TextRole.LaneName, TextAnchor.Middle, null),
            lane.Detail is null ? null : Text(lane.X0, boxTop + 28, lane.Detail, TextRole.LaneDetail, TextAnchor.Middle, ChartTheme.MutedInk));
    }

    private static IEnumerable<XElement> Grid(Axis axis)
    {
        if (axis.GridFrom == axis.GridTo) yield break;
        foreach (var tick in axis.Ticks)
        {
            yield return axis.Orientation == AxisOrientation.Horizontal
                ? Line(tick.At, axis.GridFrom, tick.At, axis.GridTo, "gridline")
                : Line(axis.GridFrom, tick.At, axis.GridTo, tick.At, "gridline");
        }
    }

    private static XElement SpanBar(Span span) =>
        new(Svg + "g", new XAttribute("class", "span"), new XAttribute("data-state", span.Name), new XAttribute("data-tip", "1"),
            new XElement(Svg + "title", span.Tooltip),
            Rect(span.X0, span.Y0, Math.Max(span.X1 - span.X0, 1), span.Y1 - span.Y0, "span-bar", 3, span.Fill));

    /// <summary>The label over its span, outlined in the span's colour so cut marks never run through the letters.</summary>
    private static XElement SpanText(Span span)
    {
        var text = Text(span.LabelX, (span.Y0 + span.Y1) / 2, span.Label!, TextRole.SpanLabel, TextAnchor.Middle, span.TextColor);
        text.SetAttributeValue("class", "t-span-label outlined");
        text.SetAttributeValue("stroke", span.Fill.Hex);
        return new XElement(Svg + "g", new XAttribute("class", "span-label"), new XElement(Svg + "title", span.Tooltip), text);
    }

    private static XElement Break(BreakMark b)
    {
        var g = new XElement(Svg + "g", new XAttribute("class", "cut"), new XElement(Svg + "title", b.Tooltip));
        if (b.Axis == AxisOrientation.Horizontal)
        {
            // Time runs across: zig-zag cuts down both edges of the band, over the spans (which stay readable).
            foreach (double x in new[] { b.X0 + 6, b.X1 - 6 })
            {
                g.Add(Path(ZigZag(x, b.Y0, b.Y1, vertical: true), "cut-halo"));
                g.Add(Path(ZigZag(x, b.Y0, b.Y1, vertical: true), "cut-edge"));
            }
        }
        else
        {
            // Time runs down: an opaque band across the life-lines, zig-zag edges along top and bottom.
            g.Add(Rect(b.X0, b.Y0, b.X1 - b.X0, b.Y1 - b.Y0, "cut-band", 0));
            g.Add(Path(ZigZag(b.Y0 + 3, b.X0, b.X1, vertical: false), "cut-edge"));
            g.Add(Path(ZigZag(b.Y1 - 3, b.X0, b.X1, vertical: false), "cut-edge"));
        }
        return g;
    }

    /// <summary>A zig-zag line at <paramref name="at"/> (x for vertical, y for horizontal) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static string ZigZag(double at, double from, double to, bool vertical)
    {
        const double step = 6, amplitude = 3;
        var d = new StringBuilder();
        int n = Math.Max(2, (int)Math.Round((to - from) / step));
        double len = (to - from) / n;
        for (int i = 0; i <= n; i++)
        {
            double along = from + i * len;
            double across = at + (i % 2 == 0 ? -amplitude : amplitude);
            d.Append(i == 0 ? 'M' : 'L');
            d.Append(vertical ? $"{N(across)},{N(along)}" : $"{N(along)},{N(across)}");
            if (i < n) d.Append(' ');
        }
        return d.ToString();
    }

    private static XElement ArrowLine(string chartId, Arrow a)
    {
        string kind = Kebab(a.Kind.ToString());
        var g = new XElement(Svg + "g", new XAttribute("class", "segment " + kind), new XAttribute("data-tip", "1"),
            new XElement(Svg + "title", a.Tooltip));
        var line = Line(a.X1, a.Y1, a.X2, a.Y2, "arrow " + kind);
        line.Add(new XAttribute("stroke", a.Stroke.Hex));
        if (a.Kind != ArrowKind.Lost)
            line.Add(new XAttribute("marker-end", $"url(#{HeadId(chartId, a.Kind)})"));
        g.Add(line);
        if (a.Kind == ArrowKind.Lost)
            g.Add(Cross(a.X2, a.Y2, 6, a.Stroke, "cross"));
        return g;
    }

    private static XElement ArrowText(Arrow a)
    {
        var label = a.Label!;
        double w = TextMetrics.Width(label.Text, TextRole.ArrowLabel) + 8;
        return new XElement(Svg + "g", new XAttribute("class", "arrow-label"),
            new XElement(Svg + "title", a.Tooltip),
            Rect(label.X - w / 2, label.Y - 8.5, w, 17, "label-bg", 3),
            Text(label.X, label.Y, label.Text, TextRole.ArrowLabel, TextAnchor.Middle, null));
    }

    private static XElement MarkerShape(Marker m) =>
        new(Svg + "g", new XAttribute("class", "marker " + Kebab(m.Kind.ToString())), new XAttribute("data-tip", "1"),
            new XElement(Svg + "title", m.Tooltip), MarkerGlyph(m.X, m.Y, m.Kind, m.Color));

    private static IEnumerable<XElement> MarkerGlyph(double x, double y, MarkerKind kind, ChartColor color)
    {
        switch (kind)
        {
            case MarkerKind.Sent:
                yield return Circle(x, y, 3.6, color.Hex, null, 0);
                break;
            case MarkerKind.Received:
                yield return Circle(x, y, 3.3, ChartTheme.Paper.Hex, color.Hex, 1.5);
                break;
            case MarkerKind.Retransmission:
                var tri = Path($"M{N(x)},{N(y - 5)} L{N(x + 5)},{N(y + 4)} L{N(x - 5)},{N(y + 4)} z", null);
                tri.Add(new XAttribute("fill", color.Hex), new XAttribute("stroke", "#8a5a00"), new XAttribute("stroke-width", "0.8"));
                yield return tri;
                break;
            case MarkerKind.Lost:
                yield return Cross(x, y, 4.5, color, "marker-line");
                break;
            case MarkerKind.TimerExpiry:
                yield return Circle(x, y, 4.6, ChartTheme.Paper.Hex, color.Hex, 1.3);
                var hands = Path($"M{N(x)},{N(y - 3)} L{N(x)},{N(y)} L{N(x + 2.6)},{N(y)}", null);
                hands.Add(new XAttribute("fill", "none"), new XAttribute("stroke", color.Hex), new XAttribute("stroke-width", "1.2"));
                yield return hands;
                break;
            case MarkerKind.Stale:
                var diamond = Path($"M{N(x)},{N(y - 6)} L{N(x + 6)},{N(y)} L{N(x)},{N(y + 6)} L{N(x - 6)},{N(y)} z", null);
                diamond.Add(new XAttribute("fill", color.Hex), new XAttribute("stroke", ChartTheme.Paper.Hex), new XAttribute("stroke-width", "1"));
                yield return diamond;
                break;
        }
    }

    private static XElement AxisElement(Axis axis)
    {
        var g = new XElement(Svg + "g", new XAttribute("class", "axis"));
        if (axis.Orientation == AxisOrientation.Horizontal)
        {
            g.Add(Line(axis.Start, axis.Position, axis.End, axis.Position, "axis-line"));
            foreach (var t in axis.Ticks)
            {
                g.Add(Line(t.At, axis.Position, t.At, axis.Position + 5, "tick"));
                g.Add(Text(t.At, axis.Position + 16, t.Label, TextRole.TickLabel, TextAnchor.Middle, ChartTheme.MutedInk));
            }
        }
        else
        {
            foreach (var t in axis.Ticks)
                g.Add(Text(axis.Position - 6, t.At, t.Label, TextRole.TimeLabel, TextAnchor.End, ChartTheme.MutedInk));
        }
        if (axis.Caption is not null)
        {
            g.Add(axis.Orientation == AxisOrientation.Horizontal
                ? Text(axis.End, axis.Position + 30, axis.Caption, TextRole.Caption, TextAnchor.End, ChartTheme.MutedInk)
                : Text(axis.Position - 6, axis.Start - 12, axis.Caption, TextRole.Caption, TextAnchor.End, ChartTheme.MutedInk));
        }
        return g;
    }

    private static XElement Label(TextLabel l)
    {
        var g = new XElement(Svg + "g", new XAttribute("class", "label " + Kebab(l.Role.ToString())));
        if (l.Tooltip is not null) g.Add(new XElement(Svg + "title", l.Tooltip));
        if (l.Background is { } bg)
        {
            double w = TextMetrics.Width(l.Text, l.Role) + 12;
            double x0 = l.Anchor switch { TextAnchor.Start => l.X, TextAnchor.End => l.X - w, _ => l.X - w / 2 };
            double h = ChartTheme.FontSize(l.Role) + 7;
            g.Add(Rect(x0, l.Y - h / 2, w, h, "note-bg", h / 2, bg));
            double tx = l.Anchor switch { TextAnchor.Start => l.X + 6, TextAnchor.End => l.X - 6, _ => l.X };
            g.Add(Text(tx, l.Y, l.Text, l.Role, l.Anchor, l.Color));
        }
        else
        {
            g.Add(Text(l.X, l.Y, l.Text, l.Role, l.Anchor, l.Color));
        }
        return g;
    }

    private static XElement LegendEntry(string chartId, LegendItem item)
    {
        var g = new XElement(Svg + "g", new XAttribute("class", "legend-item"));
        switch (item.Symbol)
        {
            case LegendSymbol.Swatch:
                g.Add(Rect(item.X + 3, item.Y - 7, Legend.SymbolWidth - 6, 14, "swatch", 3, item.Color));
                break;
            case LegendSymbol.Marker:
                g.Add(MarkerGlyph(item.X + Legend.SymbolWidth / 2, item.Y, item.Marker ?? MarkerKind.Sent, item.Color));
                break;
            case LegendSymbol.Arrow:
                var kind = item.Arrow ?? ArrowKind.Normal;
                var line = Line(item.X, item.Y, item.X + Legend.SymbolWidth - (kind == ArrowKind.Lost ? 6 : 0), item.Y, "arrow " + Kebab(kind.ToString()));
                line.Add(new XAttribute("stroke", item.Color.Hex));
                if (kind != ArrowKind.Lost) line.Add(new XAttribute("marker-end", $"url(#{HeadId(chartId, kind)})"));
                g.Add(line);
                if (kind == ArrowKind.Lost) g.Add(Cross(item.X + Legend.SymbolWidth - 6, item.Y, 4.5, item.Color, "cross"));
                break;
        }
        g.Add(Text(item.X + Legend.SymbolWidth + 6, item.Y, item.Text, TextRole.LegendText, TextAnchor.Start, null));
        return g;
    }

    private static XElement Group(string cls, IEnumerable<object?> children) =>
        new(Svg + "g", new XAttribute("class", cls), children);

    private static XElement Text(double x, double centreY, string text, TextRole role, TextAnchor anchor, ChartColor? color)
    {
        var e = new XElement(Svg + "text",
            new XAttribute("class", "t-" + Kebab(role.ToString())),
            new XAttribute("x", N(x)),
            new XAttribute("y", N(centreY + ChartTheme.FontSize(role) * 0.35)),
            text);
        if (anchor != TextAnchor.Start)
            e.Add(new XAttribute("text-anchor", anchor == TextAnchor.Middle ? "middle" : "end"));
        e.Add(new XAttribute("fill", (color ?? ChartTheme.Ink).Hex));
        return e;
    }

    private static XElement Rect(double x, double y, double w, double h, string cls, double radius, ChartColor? fill = null)
    {
        var e = new XElement(Svg + "rect", new XAttribute("class", cls),
            new XAttribute("x", N(x)), new XAttribute("y", N(y)), new XAttribute("width", N(w)), new XAttribute("height", N(h)));
        if (radius > 0) e.Add(new XAttribute("rx", N(radius)));
        if (fill is { } f) e.Add(new XAttribute("fill", f.Hex));
        return e;
    }

    private static XElement Line(double x1, double y1, double x2, double y2, string cls) =>
        new(Svg + "line", new XAttribute("class", cls),
            new XAttribute("x1", N(x1)), new XAttribute("y1", N(y1)), new XAttribute("x2", N(x2)), new XAttribute("y2", N(y2)));

    private static XElement Path(string d, string? cls)
    {
        var e = new XElement(Svg + "path", new XAttribute("d", d));
        if (cls is not null) e.Add(new XAttribute("class", cls));
        return e;
    }

    private static XElement Circle(double x, double y, double r, string fill, string? stroke, double strokeWidth)
    {
        var e = new XElement(Svg + "circle", new XAttribute("cx", N(x)), new XAttribute("cy", N(y)), new XAttribute("r", N(r)), new XAttribute("fill", fill));
        if (stroke is not null)
            e.Add(new XAttribute("stroke", stroke), new XAttribute("stroke-width", N(strokeWidth)));
        return e;
    }

    private static XElement Cross(double x, double y, double r, ChartColor color, string cls) =>
        new(Svg + "path", new XAttribute("class", cls), new XAttribute("stroke", color.Hex),
            new XAttribute("d", $"M{N(x - r)},{N(y - r)} L{N(x + r)},{N(y + r)} M{N(x - r)},{N(y + r)} L{N(x + r)},{N(y - r)}"));

    /// <summary>A coordinate with at most two decimals, invariant culture, never "-0".</summary>
    internal static string N(double v)
    {
        double r = Math.Round(v, 2, MidpointRounding.AwayFromZero);
        if (r == 0) r = 0;
        return r.ToString("0.##", CultureInfo.InvariantCulture);
    }

    private static string Kebab(string pascal)
    {
        var sb = new StringBuilder();
        foreach (char c in pascal)
        {
            if (char.IsUpper(c) && sb.Length > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}
