using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Charts;

/// <summary>
/// The ladder diagram: one life-line per host, time flowing down, an arrow per segment from its send on the sender's
/// line to its arrival on the receiver's. The layout is event-spaced: every send and every arrival gets a row of its
/// own, in time order (a reply sent at the instant of an arrival shares the arrival's row), so labels never crowd;
/// real times are written on the left and idle stretches are marked as cuts.
/// </summary>
public static class SequenceDiagram
{
    public const double RowHeight = 30;
    public const double CutHeight = 46;
    public const double LifelineSpacing = 560;
    private const double NoteHeight = 18;
    private const double NoteOffset = 10;
    private const double LabelHeight = 17;
    private const double LostReach = 0.5;
    private const double LostDrop = 0.6;

    public static Chart Build(Trace trace, bool absoluteSeq)
    {
        var rows = SegmentText.Rows(trace, absoluteSeq);
        var endpoints = TraceEndpoints.Of(trace);
        var hostOfEndpoint = endpoints.Where(e => e.Host is not null).ToDictionary(e => e.Name, e => e.Host!);
        var hosts = Participants(trace, rows, endpoints);
        var layout = LadderLayout.Lay(trace, hostOfEndpoint);

        // Notes beside the life-lines: state changes (coloured like the timeline) and timer expiries.
        var endpointsPerHost = trace.OfType<StateChanged>().Select(s => s.Endpoint).Distinct()
            .Where(hostOfEndpoint.ContainsKey).GroupBy(e => hostOfEndpoint[e]).ToDictionary(g => g.Key, g => g.Count());
        var noteTexts = layout.Notes.Select(n => n with
        {
            Text = n.State is not null && endpointsPerHost.GetValueOrDefault(n.Host) > 1 ? $"{n.Endpoint} {n.Text}" : n.Text,
        }).ToList();

        int HostIndex(string host) => hosts.IndexOf(host);
        double NoteWidth(RowNote n) => TextMetrics.Width(n.Text, TextRole.StateNote) + 12;
        double leftNotes = noteTexts.Where(n => HostIndex(n.Host) == 0).Select(NoteWidth).DefaultIfEmpty(60).Max();
        double rightNotes = noteTexts.Where(n => HostIndex(n.Host) > 0).Select(NoteWidth).DefaultIfEmpty(60).Max();

        double firstX = NoteOffset + leftNotes + 16;
        var x = hosts.Select((h, i) => (h, firstX + i * LifelineSpacing)).ToDictionary(p => p.h, p => p.Item2);
        double lastX = firstX + Math.Max(1, hosts.Count - 1) * LifelineSpacing;
        double width = Math.Ceiling(Math.Max(lastX + NoteOffset + rightNotes + 24, 620));

        // Vertical positions: one row after another, a cut band across long idle stretches.
        const double lifelineTop = 0;
        var cuts = TimeBreaks.Default.Find(layout.Rows.Select(r => r.Time.Nanoseconds));
        var y = new double[layout.Rows.Count];
        var breaks = new List<BreakMark>();
        var lostFrom = rows.Where(r => r.Lost && layout.SendRow.ContainsKey(r.Sent.Id)).Select(r => layout.SendRow[r.Sent.Id]).ToHashSet();
        double cursor = lifelineTop + RowHeight * 0.9;
        double reach = cursor;
        for (int i = 0; i < layout.Rows.Count; i++)
        {
            if (i > 0)
            {
                var (prev, cur) = (layout.Rows[i - 1].Time.Nanoseconds, layout.Rows[i].Time.Nanoseconds);
                if (cuts.Contains((prev, cur)))
                {
                    // The band starts below everything drawn so far (a lost arrow reaches below its row).
                    double b0 = Math.Max(cursor + RowHeight * 0.35, reach + 8);
                    double b1 = b0 + CutHeight - 10;
                    var skipped = new SimDuration(cur - prev);
                    breaks.Add(new BreakMark(0, b0, width, b1, AxisOrientation.Vertical,
                        $"⋯ {TimeFormat.Duration(skipped)} ⋯", (firstX + lastX) / 2, (b0 + b1) / 2,
                        $"{TimeFormat.Duration(skipped)} without events ({TimeFormat.Instant(new SimTime(prev))} to {TimeFormat.Instant(new SimTime(cur))})"));
                    cursor = b1 + RowHeight * 0.65 - RowHeight;
                }
                cursor += RowHeight;
            }
            y[i] = cursor;
            reach = Math.Max(reach, cursor + (lostFrom.Contains(i) ? RowHeight * LostDrop + 6 : 0));
        }
        double lifelineBottom = (layout.Rows.Count == 0 ? cursor : y[^1]) + RowHeight;

        var lanes = hosts.Select(h => new Lane(h, trace.Hosts.FirstOrDefault(x => x.Name == h)?.Address.ToString(),
            LaneOrientation.Vertical, x[h], lifelineTop, x[h], lifelineBottom)).ToList();

        var arrows = new List<Arrow>();
        var markers = new List<Marker>();
        var placed = new List<Box>();
        IReadOnlySet<long> stale = StaleSegments.Ids(trace);
        foreach (var row in rows)
        {
            if (!x.TryGetValue(row.Sent.FromHost, out double x1) || !x.TryGetValue(row.Sent.ToHost, out double xTo)) continue;
            double y1 = y[layout.SendRow[row.Sent.Id]];
            var kind = KindOf(row.Sent);
            double x2, y2;
            if (kind == ArrowKind.Lost)
            {
                x2 = x1 + (xTo - x1) * LostReach;
                y2 = y1 + RowHeight * LostDrop;
            }
            else
            {
                x2 = xTo;
                y2 = layout.DeliverRow.TryGetValue(row.Sent.Id, out int r) ? y[r] : lifelineBottom;
            }
            bool isStale = stale.Contains(row.Sent.Id);
            string text = LabelText(row, kind) + (isStale ? " STALE" : "");
            var label = PlaceLabel(text, x1, y1, x2, y2, placed);
            arrows.Add(new Arrow(Round(x1), Round(y1), Round(x2), Round(y2), kind, EventColors.Of(kind), label, row.Tooltip));
            if (isStale)
                markers.Add(new Marker(Round(x2), Round(y2), MarkerKind.Stale, EventColors.Of(MarkerKind.Stale), null,
                    "STALE: a later connection took these bytes, sent by an earlier incarnation of the 4-tuple, as its own data"));
        }

        var labels = new List<TextLabel>();
        var lastNoteBottom = new Dictionary<string, double>();
        foreach (var note in noteTexts)
        {
            if (!x.TryGetValue(note.Host, out double hx)) continue;
            double want = y[note.Row];
            double cy = Math.Max(want, lastNoteBottom.GetValueOrDefault(note.Host, double.NegativeInfinity) + NoteHeight / 2 + 2);
            lastNoteBottom[note.Host] = cy + NoteHeight / 2;
            bool left = HostIndex(note.Host) == 0 && hosts.Count > 1;
            double nx = left ? hx - NoteOffset : hx + NoteOffset;
            var anchor = left ? TextAnchor.End : TextAnchor.Start;
            labels.Add(note.State is { } s
                ? new TextLabel(Round(nx), Round(cy), note.Text, TextRole.StateNote, anchor, StateColors.Text(s), StateColors.Fill(s), note.Tooltip)
                : new TextLabel(Round(nx), Round(cy), note.Text, TextRole.Note, anchor, EventColors.Timer, null, note.Tooltip));
        }

        var ticks = new List<AxisTick>();
        for (int i = 0; i < layout.Rows.Count; i++)
        {
            if (i == 0 || layout.Rows[i].Time != layout.Rows[i - 1].Time)
                ticks.Add(new AxisTick(y[i], TimeFormat.Instant(layout.Rows[i].Time)));
        }

        string scale = "Vertical axis: event-spaced, one row per send and per arrival in time order (real times on the left)"
            + (breaks.Count > 0 ? "; ⋯ marks idle stretches, with the time skipped." : ".");
        string numbering = absoluteSeq ? "Absolute sequence numbers." : "Sequence numbers relative to each side's initial sequence number (ISN).";

        var legend = Enum.GetValues<ArrowKind>().Where(k => arrows.Any(a => a.Kind == k))
            .Select(k => new LegendItem(LegendSymbol.Arrow, EventColors.Of(k), null, k, EventColors.Describe(k)))
            .Concat(markers.Select(m => m.Kind).Distinct()
                .Select(k => new LegendItem(LegendSymbol.Marker, EventColors.Of(k), k, null, EventColors.Describe(k))))
            .Concat(StateColors.All.Where(s => noteTexts.Any(n => n.State == s))
                .Select(s => new LegendItem(LegendSymbol.Swatch, StateColors.Fill(s), null, null, s.ToRfcName())));

        return new Chart
        {
            Id = "sequence",
            PlotArea = new PlotArea(0, lifelineTop, width, lifelineBottom),
            Title = $"{trace.Scenario}: segments between hosts",
            Subtitle = ChartText.Subtitle(trace),
            ScaleNote = scale + " " + numbering,
            Captions = [scale, numbering + " Every segment's times and fate are in the report's segment table."],
            Lanes = lanes,
            Arrows = arrows,
            Markers = markers,
            Labels = labels,
            Axes = [new Axis(AxisOrientation.Vertical, ticks, null)],
            Breaks = breaks,
            Legend = [.. legend],
        };
    }

    public static ArrowKind KindOf(SegmentSent s) => s.Fate switch
    {
        SegmentFate.Injected => ArrowKind.Injected,
        SegmentFate.Lost => ArrowKind.Lost,
        SegmentFate.Duplicate => ArrowKind.Duplicate,
        SegmentFate.Delayed => ArrowKind.Delayed,
        _ => s.Retransmission ? ArrowKind.Retransmission : ArrowKind.Normal,
    };

    private static string LabelText(SegmentRow row, ArrowKind kind)
    {
        string suffix = kind switch
        {
            ArrowKind.Retransmission => " (retx)",
            ArrowKind.Duplicate => " (dup)",
            ArrowKind.Delayed => " (delayed)",
            ArrowKind.Lost when row.Sent.Retransmission => " (retx)",
            _ => "",
        };
        return (kind == ArrowKind.Injected ? "injected " : "") + row.Label + suffix;
    }

    private static List<string> Participants(Trace trace, IReadOnlyList<SegmentRow> rows, IReadOnlyList<EndpointInfo> endpoints)
    {
        var named = new List<string>();
        foreach (var h in rows.SelectMany(r => new[] { r.Sent.FromHost, r.Sent.ToHost }).Concat(endpoints.Select(e => e.Host).OfType<string>()))
        {
            if (!named.Contains(h)) named.Add(h);
        }
        var ordered = trace.Hosts.Select(h => h.Name).Where(named.Contains).ToList();
        ordered.AddRange(named.Where(h => !ordered.Contains(h)));
        return ordered;
    }

    private readonly record struct Box(double X0, double Y0, double X1, double Y1)
    {
        public double Overlap(Box o) =>
            Math.Max(0, Math.Min(X1, o.X1) - Math.Max(X0, o.X0)) * Math.Max(0, Math.Min(Y1, o.Y1) - Math.Max(Y0, o.Y0));
    }

    private static readonly double[] LabelPositions = [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8];

    /// <summary>Labels are placed in send order and rows only go down, so only recent labels can be in the way.</summary>
    private const int RecentLabels = 64;

    /// <summary>On the arrow, at the first position along it where the label overlaps no label placed before.</summary>
    private static ArrowLabel PlaceLabel(string text, double x1, double y1, double x2, double y2, List<Box> placed)
    {
        double w = TextMetrics.Width(text, TextRole.ArrowLabel) + 8;
        Box best = default;
        double bestOverlap = double.PositiveInfinity;
        foreach (double t in LabelPositions)
        {
            double cx = x1 + (x2 - x1) * t, cy = y1 + (y2 - y1) * t;
            var box = new Box(cx - w / 2, cy - LabelHeight / 2, cx + w / 2, cy + LabelHeight / 2);
            double overlap = 0;
            for (int i = Math.Max(0, placed.Count - RecentLabels); i < placed.Count; i++)
                overlap += placed[i].Overlap(box);
            if (overlap < bestOverlap)
            {
                (best, bestOverlap) = (box, overlap);
                if (overlap == 0) break;
            }
        }
        placed.Add(best);
        return new ArrowLabel(Round((best.X0 + best.X1) / 2), Round((best.Y0 + best.Y1) / 2), text);
    }

    private static double Round(double v) => Math.Round(v, 2);

    internal sealed record RowNote(int Row, string Host, string Endpoint, string Text, TcpState? State, string Tooltip);

    internal sealed record LadderRow(SimTime Time, string Host)
    {
        public bool HasSend { get; set; }
        public bool HasDelivery { get; set; }
    }

    /// <summary>The event-spaced rows of the ladder and what sits on each.</summary>
    internal sealed class LadderLayout
    {
        private readonly List<LadderRow> _rows = [];
        public IReadOnlyList<LadderRow> Rows => _rows;
        public Dictionary<long, int> SendRow { get; } = [];
        public Dictionary<long, int> DeliverRow { get; } = [];
        public List<RowNote> Notes { get; } = [];

        public static LadderLayout Lay(Trace trace, IReadOnlyDictionary<string, string> hostOf)
        {
            var layout = new LadderLayout();
            foreach (var e in trace.Events)
            {
                switch (e)
                {
                    case SegmentSent s:
                        layout.SendRow[s.Id] = layout.RowFor(s.Time, s.FromHost, r => !r.HasSend, r => r.HasSend = true);
                        break;
                    case SegmentDelivered d:
                        layout.DeliverRow[d.Id] = layout.RowFor(d.Time, d.ToHost, r => !r.HasSend && !r.HasDelivery, r => r.HasDelivery = true);
                        break;
                    case StateChanged c when hostOf.TryGetValue(c.Endpoint, out string? host):
                        layout.Notes.Add(new RowNote(layout.NoteRow(c.Time, host), host, c.Endpoint, c.To.ToRfcName(), c.To,
                            $"{TimeFormat.Instant(c.Time)} {c.Endpoint}: {c.From.ToRfcName()} → {c.To.ToRfcName()} ({c.Cause})"));
                        break;
                    case TimerFired f when hostOf.TryGetValue(f.Endpoint, out string? host):
                        layout.Notes.Add(new RowNote(layout.NoteRow(f.Time, host), host, f.Endpoint, $"{ChartText.TimerName(f.Timer)} timer fired", null,
                            $"{TimeFormat.Instant(f.Time)} {f.Endpoint}: {ChartText.TimerName(f.Timer)} timer expired"));
                        break;
                    case AppResult { Event: "nagle" } n when hostOf.TryGetValue(n.Endpoint, out string? host):
                        layout.Notes.Add(new RowNote(layout.NoteRow(n.Time, host), host, n.Endpoint, "write held (Nagle)", null,
                            $"{TimeFormat.Instant(n.Time)} {n.Endpoint}: the write waits: {n.Detail}"));
                        break;
                }
            }
            return layout;
        }

        /// <summary>The last row, if it is at this instant on this host and can take the event; else a new row.</summary>
        private int RowFor(SimTime time, string host, Func<LadderRow, bool> canShare, Action<LadderRow> take)
        {
            if (_rows.Count > 0 && _rows[^1] is { } last && last.Time == time && last.Host == host && canShare(last))
            {
                take(last);
                return _rows.Count - 1;
            }
            var row = new LadderRow(time, host);
            take(row);
            _rows.Add(row);
            return _rows.Count - 1;
        }

        /// <summary>A note goes on the latest row at this instant on this host, or on a row of its own.</summary>
        private int NoteRow(SimTime time, string host)
        {
            for (int i = _rows.Count - 1; i >= 0 && _rows[i].Time == time; i--)
            {
                if (_rows[i].Host == host) return i;
            }
            _rows.Add(new LadderRow(time, host));
            return _rows.Count - 1;
        }
    }
}
