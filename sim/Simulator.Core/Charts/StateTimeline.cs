using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Charts;

/// <summary>
/// TCP states over time: one horizontal lane per endpoint (in order of creation), each state a coloured span, with
/// markers for segments sent (retransmitted, lost) and received and for timer expiries.
/// </summary>
public static class StateTimeline
{
    /// <summary>Width of the time axis at the natural size.</summary>
    public const double PlotWidth = 1040;
    private const double LaneHeight = 68;
    private const double LaneGap = 8;
    private const double SpanPadding = 6;
    /// <summary>Room under the lanes for the labels of cut idle stretches.</summary>
    private const double CutLabelRow = 22;

    // Rows inside a lane, from its top.
    private const double TimerRow = 9;
    private const double BarTop = 17;
    private const double BarBottom = 43;
    private const double SentRow = 52;
    private const double ReceivedRow = 62;

    public static Chart Build(Trace trace)
    {
        var endpoints = TraceEndpoints.Of(trace);
        var laneOf = endpoints.Select((e, i) => (e.Name, i)).ToDictionary(x => x.Name, x => x.i);
        SimTime runEnd = TraceEndpoints.RunEnd(trace);

        const double p0 = 0, p1 = PlotWidth;
        var axis = TimeAxis.Build(trace.Events.Select(e => e.Time).Append(runEnd), p0, p1);

        var lanes = new List<Lane>();
        for (int i = 0; i < endpoints.Count; i++)
        {
            double y0 = LaneGap + i * (LaneHeight + LaneGap);
            lanes.Add(new Lane(endpoints[i].Name, endpoints[i].Describe(trace), LaneOrientation.Horizontal, p0, y0, p1, y0 + LaneHeight));
        }
        double lanesBottom = endpoints.Count == 0 ? LaneHeight : lanes[^1].Y1;
        double bottom = lanesBottom + (axis.IsBroken ? CutLabelRow + 4 : 4);

        var spans = BuildSpans(trace, endpoints, laneOf, lanes, axis, runEnd);
        var markers = BuildMarkers(trace, laneOf, lanes, axis);

        var breaks = axis.Cuts.Select(c => new BreakMark(c.P0, 0, c.P1, lanesBottom, AxisOrientation.Horizontal,
            c.Label, (c.P0 + c.P1) / 2, lanesBottom + CutLabelRow / 2 + 2,
            $"{TimeFormat.Duration(c.Skipped)} without events cut out ({TimeFormat.Instant(new SimTime(c.T0))} to {TimeFormat.Instant(new SimTime(c.T1))})")).ToList();

        return new Chart
        {
            Id = "timeline",
            PlotArea = new PlotArea(p0, 0, p1, bottom),
            Title = $"{trace.Scenario}: TCP states over time",
            Subtitle = ChartText.Subtitle(trace),
            ScaleNote = axis.ScaleNote,
            Captions =
            [
                axis.ScaleNote,
                "Under each bar: segments sent (upper row) and received (lower row); above it: timer expiries.",
            ],
            Lanes = lanes,
            Spans = spans,
            Markers = markers,
            Axes = [new Axis(AxisOrientation.Horizontal, axis.Ticks(), null)],
            Breaks = breaks,
            Legend = [.. LegendItems(spans, markers)],
        };
    }

    private static List<Span> BuildSpans(
        Trace trace, IReadOnlyList<EndpointInfo> endpoints, Dictionary<string, int> laneOf, List<Lane> lanes, TimeAxis axis, SimTime runEnd)
    {
        var created = trace.OfType<EndpointCreated>().GroupBy(e => e.Endpoint).ToDictionary(g => g.Key, g => g.First().Time);
        var spans = new List<Span>();
        foreach (var endpoint in endpoints)
        {
            int lane = laneOf[endpoint.Name];
            TcpState? state = null;
            SimTime since = created.TryGetValue(endpoint.Name, out var c) ? c : SimTime.Zero;
            string cause = "created";
            foreach (var change in trace.OfType<StateChanged>().Where(s => s.Endpoint == endpoint.Name))
            {
                state ??= change.From;
                if (change.Time > since)
                    spans.Add(MakeSpan(endpoint.Name, lane, lanes[lane], state.Value, since, change.Time, cause, axis));
                state = change.To;
                since = change.Time;
                cause = change.Cause;
            }
            if (state is { } last && last != TcpState.Closed && runEnd > since)
                spans.Add(MakeSpan(endpoint.Name, lane, lanes[lane], last, since, runEnd, cause, axis, stillOpen: true));
        }
        return spans;
    }

    private static Span MakeSpan(
        string endpoint, int lane, Lane geometry, TcpState state, SimTime from, SimTime to, string cause, TimeAxis axis, bool stillOpen = false)
    {
        double x0 = axis.Map(from), x1 = axis.Map(to);
        string duration = TimeFormat.Duration(to - from);
        string name = state.ToRfcName();
        var (label, labelX) = FitLabel(x0, x1, axis, [[$"{name} · {duration}"], [name], [StateColors.ShortName(state)]]);
        string until = stillOpen ? " (still at the end of the run)" : "";
        string tooltip = $"{endpoint} {name} from {TimeFormat.Instant(from)} to {TimeFormat.Instant(to)}{until}, {duration}; entered on: {cause}";
        return new Span(lane, Round(x0), Round(x1), geometry.Y0 + BarTop, geometry.Y0 + BarBottom,
            StateColors.Fill(state), StateColors.Text(state), name, label, Round(labelX), tooltip);
    }

    /// <summary>
    /// The first group whose text fits: within the widest part of the span that no cut crosses if one of the group
    /// fits there, else across the whole span; none when nothing fits. Groups go from the RFC name (with and without
    /// the duration) to the abbreviation, so a longer text crossing a cut beats a shorter one beside it.
    /// </summary>
    private static (string? Label, double X) FitLabel(double x0, double x1, TimeAxis axis, IEnumerable<string[]> groups)
    {
        var parts = new List<(double From, double To)>();
        double from = x0;
        foreach (var cut in axis.Cuts.Where(c => c.P0 < x1 && c.P1 > x0))
        {
            if (cut.P0 > from) parts.Add((from, cut.P0));
            from = Math.Max(from, cut.P1);
        }
        if (from < x1) parts.Add((from, x1));
        (double From, double To) widest = parts.Count > 0 ? parts.MaxBy(p => p.To - p.From) : (x0, x1);
        static double Need(string text) => TextMetrics.Width(text, TextRole.SpanLabel) + 2 * SpanPadding;
        foreach (string[] group in groups)
        {
            if (group.FirstOrDefault(t => Need(t) <= widest.To - widest.From) is { } clean)
                return (clean, (widest.From + widest.To) / 2);
            if (group.FirstOrDefault(t => Need(t) <= x1 - x0) is { } across)
                return (across, (x0 + x1) / 2);
        }
        return (null, (x0 + x1) / 2);
    }

    private static List<Marker> BuildMarkers(Trace trace, Dictionary<string, int> laneOf, List<Lane> lanes, TimeAxis axis)
    {
        var rows = SegmentText.Rows(trace, absoluteSeq: false);
        var byId = rows.GroupBy(r => r.Sent.Id).ToDictionary(g => g.Key, g => g.First());
        var markers = new List<Marker>();
        var lastX = new Dictionary<(int Lane, double Row), (double Original, double Drawn)>();

        void Add(int lane, double row, SimTime t, MarkerKind kind, string tooltip)
        {
            double x = axis.Map(t);
            // Markers at the same instant are set side by side so each stays countable.
            if (lastX.TryGetValue((lane, row), out var prev) && x - prev.Original < 1)
                x = Math.Max(x, prev.Drawn + 6);
            lastX[(lane, row)] = (axis.Map(t), x);
            markers.Add(new Marker(Round(x), lanes[lane].Y0 + row, kind, EventColors.Of(kind), lane, tooltip));
        }

        foreach (var e in trace.Events)
        {
            switch (e)
            {
                case SegmentSent s when s.Sender is not null && laneOf.TryGetValue(s.Sender, out int lane):
                {
                    var row = byId[s.Id];
                    var kind = s.Fate == SegmentFate.Lost ? MarkerKind.Lost
                        : s.Retransmission ? MarkerKind.Retransmission : MarkerKind.Sent;
                    Add(lane, SentRow, s.Time, kind, $"{s.Sender} sent: {row.Tooltip}");
                    break;
                }
                case SegmentDelivered d when d.Receiver is not null && laneOf.TryGetValue(d.Receiver, out int lane):
                {
                    string what = byId.TryGetValue(d.Id, out var row) ? row.Label : $"segment {d.Id}";
                    Add(lane, ReceivedRow, d.Time, MarkerKind.Received, $"{TimeFormat.Instant(d.Time)} {d.Receiver} received {what}");
                    break;
                }
                case TimerFired f when laneOf.TryGetValue(f.Endpoint, out int lane):
                    Add(lane, TimerRow, f.Time, MarkerKind.TimerExpiry, $"{TimeFormat.Instant(f.Time)} {f.Endpoint}: {ChartText.TimerName(f.Timer)} timer expired");
                    break;
            }
        }
        return markers;
    }

    private static IEnumerable<LegendItem> LegendItems(List<Span> spans, List<Marker> markers)
    {
        var states = StateColors.All.Where(s => spans.Any(x => x.Name == s.ToRfcName()));
        foreach (var s in states)
            yield return new LegendItem(LegendSymbol.Swatch, StateColors.Fill(s), null, null, s.ToRfcName());
        foreach (var kind in Enum.GetValues<MarkerKind>().Where(k => markers.Any(m => m.Kind == k)))
            yield return new LegendItem(LegendSymbol.Marker, EventColors.Of(kind), kind, null, EventColors.Describe(kind));
    }

    private static double Round(double v) => Math.Round(v, 2);
}

/// <summary>Wording shared by the charts.</summary>
public static class ChartText
{
    public static string Subtitle(Trace trace) =>
        $"profile {trace.Profile} · seed {trace.Seed}" + (string.IsNullOrWhiteSpace(trace.Description) ? "" : " · " + OneLine(trace.Description!));

    public static string TimerName(TimerKind timer) => timer switch
    {
        TimerKind.Retransmit => "retransmission",
        TimerKind.DelayedAck => "delayed-ACK",
        TimerKind.TimeWait => "TIME-WAIT (2MSL)",
        TimerKind.FinWait2 => "FIN-WAIT-2",
        TimerKind.LossProbe => "tail-loss probe",
        TimerKind.Persist => "persist (zero-window probe)",
        TimerKind.Reorder => "RACK reordering",
        TimerKind.SmallQueue => "TCP small queues",
        _ => timer.ToString(),
    };

    public static string OneLine(string text)
    {
        string line = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length > 280 ? line[..277] + "…" : line;
    }
}
