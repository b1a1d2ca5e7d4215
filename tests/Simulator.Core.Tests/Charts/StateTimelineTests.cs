using Simulator.Core.Charts;

namespace Simulator.Core.Tests.Charts;

public sealed class StateTimelineTests
{
    private static string[] States(Chart chart, string lane)
    {
        int index = chart.Lanes.Select(l => l.Name).ToList().IndexOf(lane);
        return chart.Spans.Where(s => s.Lane == index).Select(s => s.Name).ToArray();
    }

    private static int Count(Chart chart, string lane, MarkerKind kind)
    {
        int index = chart.Lanes.Select(l => l.Name).ToList().IndexOf(lane);
        return chart.Markers.Count(m => m.Lane == index && m.Kind == kind);
    }

    [Fact]
    public void Normal_run_has_a_lane_per_endpoint_in_order_of_creation()
    {
        var chart = StateTimeline.Build(TestTraces.Normal());
        Assert.Equal(["server", "client", "server#1"], chart.Lanes.Select(l => l.Name));
        Assert.All(chart.Lanes, l => Assert.Equal(LaneOrientation.Horizontal, l.Orientation));
        Assert.Equal("10.0.0.2:5000 · accepted by server", chart.Lanes[2].Detail);
        Assert.Equal(["LISTEN"], States(chart, "server"));
        Assert.Equal(["SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "TIME-WAIT"], States(chart, "client"));
        // CLOSE-WAIT lasts no time (the application closes at once), so it has no span.
        Assert.Equal(["SYN-RECEIVED", "ESTABLISHED", "LAST-ACK"], States(chart, "server#1"));
    }

    [Fact]
    public void Time_wait_spans_its_two_msl_across_the_cut()
    {
        var chart = StateTimeline.Build(TestTraces.Normal());
        var tw = chart.Spans.Single(s => s.Name == "TIME-WAIT");
        Assert.Contains("60.0 s", tw.Tooltip);
        Assert.StartsWith("TIME-WAIT", tw.Label);
        Assert.Single(chart.Breaks, b => b.Label == "⋯ 59.9 s ⋯" && b.X0 > tw.X0 && b.X1 < tw.X1);
        Assert.Contains("piecewise linear", chart.ScaleNote);
        Assert.Equal(StateColors.Fill(Simulator.Core.Tcp.TcpState.TimeWait), tw.Fill);
    }

    [Fact]
    public void Normal_run_markers_count_sends_receives_and_timers()
    {
        var chart = StateTimeline.Build(TestTraces.Normal());
        Assert.Equal(6, Count(chart, "client", MarkerKind.Sent));
        Assert.Equal(4, Count(chart, "client", MarkerKind.Received));
        Assert.Equal(1, Count(chart, "client", MarkerKind.TimerExpiry));
        Assert.Equal(4, Count(chart, "server#1", MarkerKind.Sent));
        Assert.Equal(5, Count(chart, "server#1", MarkerKind.Received));
        Assert.Equal(1, Count(chart, "server", MarkerKind.Received));
        Assert.DoesNotContain(chart.Markers, m => m.Kind is MarkerKind.Lost or MarkerKind.Retransmission);
    }

    [Fact]
    public void Lost_syn_ack_shows_a_cross_retransmissions_and_both_timers()
    {
        var chart = StateTimeline.Build(TestTraces.LostSynAck());
        Assert.Equal(1, Count(chart, "server#1", MarkerKind.Lost));
        Assert.Equal(2, Count(chart, "server#1", MarkerKind.Retransmission));
        Assert.Equal(1, Count(chart, "client", MarkerKind.Retransmission));
        Assert.Equal(1, Count(chart, "client", MarkerKind.TimerExpiry));
        Assert.Equal(1, Count(chart, "server#1", MarkerKind.TimerExpiry));
        Assert.Equal(3, Count(chart, "client", MarkerKind.Sent));
        Assert.Equal(["SYN-SENT", "ESTABLISHED"], States(chart, "client"));
        Assert.Contains(chart.Markers, m => m.Kind == MarkerKind.Lost && m.Tooltip.Contains("LOST") && m.Tooltip.Contains("SYN,ACK seq=0 ack=1"));
    }

    [Fact]
    public void Simultaneous_close_passes_closing_on_both_sides()
    {
        var chart = StateTimeline.Build(TestTraces.SimultaneousClose());
        Assert.Equal(["SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "CLOSING", "TIME-WAIT"], States(chart, "client"));
        Assert.Equal(["SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "CLOSING", "TIME-WAIT"], States(chart, "server#1"));
    }

    [Fact]
    public void Syn_timeout_is_one_long_syn_sent_with_eleven_lost_syns()
    {
        var chart = StateTimeline.Build(TestTraces.SynTimeout());
        Assert.Equal(["SYN-SENT"], States(chart, "client"));
        Assert.Equal(11, Count(chart, "client", MarkerKind.Lost));
        Assert.Equal(11, Count(chart, "client", MarkerKind.TimerExpiry));
        Assert.Equal(0, Count(chart, "client", MarkerKind.Sent));
        Assert.Empty(chart.Breaks);
        Assert.Equal("Time axis: linear.", chart.ScaleNote);
        var syn = chart.Spans.Single(s => s.Name == "SYN-SENT");
        Assert.Equal("SYN-SENT · 131 s", syn.Label);
        // Lost markers keep time order along x.
        var xs = chart.Markers.Where(m => m.Kind == MarkerKind.Lost).Select(m => m.X).ToList();
        Assert.Equal(xs.Order(), xs);
    }

    [Theory]
    [MemberData(nameof(AllTraces))]
    public void Span_labels_fit_inside_their_spans(string name)
    {
        var chart = StateTimeline.Build(Trace(name));
        foreach (var span in chart.Spans.Where(s => s.Label is not null))
        {
            double half = TextMetrics.Width(span.Label!, TextRole.SpanLabel) / 2;
            Assert.True(span.LabelX - half >= span.X0 && span.LabelX + half <= span.X1, $"{span.Label} overflows its span");
        }
        // In one lane, spans do not overlap, so neither do their labels.
        foreach (var lane in chart.Spans.GroupBy(s => s.Lane))
        {
            var ordered = lane.OrderBy(s => s.X0).ToList();
            for (int i = 1; i < ordered.Count; i++)
                Assert.True(ordered[i].X0 >= ordered[i - 1].X1 - 0.01);
        }
    }

    [Fact]
    public void Labels_that_do_not_fit_are_abbreviated_or_dropped()
    {
        var chart = StateTimeline.Build(TestTraces.LostSynAck());
        Assert.All(chart.Spans, s => Assert.True(s.Label is null || s.Label.StartsWith(s.Name, StringComparison.Ordinal)
            || s.Label == StateColors.ShortName(Enum.GetValues<Simulator.Core.Tcp.TcpState>().Single(x => Simulator.Core.Tcp.TcpStateNames.ToRfcName(x) == s.Name))));
    }

    public static TheoryData<string> AllTraces => new() { "normal", "lost-synack", "simultaneous-close", "syn-timeout" };

    internal static Tracing.Trace Trace(string name) => name switch
    {
        "normal" => TestTraces.Normal(),
        "lost-synack" => TestTraces.LostSynAck(),
        "simultaneous-close" => TestTraces.SimultaneousClose(),
        "syn-timeout" => TestTraces.SynTimeout(),
        _ => throw new ArgumentException(name),
    };
}
