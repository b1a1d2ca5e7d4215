using Simulator.Core.Charts;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Charts;

public sealed class SequenceDiagramTests
{
    private static double X(Chart chart, string host) => chart.Lanes.Single(l => l.Name == host).X0;

    [Fact]
    public void Normal_run_has_one_arrow_per_segment_with_tcpdump_like_labels()
    {
        var chart = SequenceDiagram.Build(TestTraces.Normal(), absoluteSeq: false);
        Assert.Equal(["client", "server"], chart.Lanes.Select(l => l.Name));
        Assert.All(chart.Lanes, l => Assert.Equal(LaneOrientation.Vertical, l.Orientation));
        Assert.Equal(
            [
                "SYN seq=0", "SYN,ACK seq=0 ack=1", "ACK seq=1 ack=1", "PSH,ACK seq=1 ack=1 len=100", "ACK seq=1 ack=101",
                "PSH,ACK seq=1 ack=101 len=100", "ACK seq=101 ack=101", "FIN,ACK seq=101 ack=101", "FIN,ACK seq=101 ack=102",
                "ACK seq=102 ack=102",
            ],
            chart.Arrows.Select(a => a.Label!.Text));
        Assert.All(chart.Arrows, a => Assert.Equal(ArrowKind.Normal, a.Kind));
        double client = X(chart, "client"), server = X(chart, "server");
        Assert.Equal(client, chart.Arrows[0].X1);
        Assert.Equal(server, chart.Arrows[0].X2);
        Assert.Equal(server, chart.Arrows[1].X1);
        Assert.Equal(client, chart.Arrows[1].X2);
        Assert.All(chart.Arrows, a => Assert.True(a.Y2 > a.Y1, "time flows down"));
    }

    [Fact]
    public void Arrows_keep_time_order_and_each_send_has_its_own_row()
    {
        var chart = SequenceDiagram.Build(TestTraces.Normal(), false);
        var starts = chart.Arrows.Select(a => a.Y1).ToList();
        for (int i = 1; i < starts.Count; i++)
            Assert.True(starts[i] - starts[i - 1] >= SequenceDiagram.RowHeight - 0.01);
    }

    [Theory]
    [MemberData(nameof(StateTimelineTests.AllTraces), MemberType = typeof(StateTimelineTests))]
    public void Arrow_labels_never_overlap(string name)
    {
        var chart = SequenceDiagram.Build(StateTimelineTests.Trace(name), false);
        var boxes = chart.Arrows.Select(a => (a.Label!.X, a.Label.Y, W: TextMetrics.Width(a.Label.Text, TextRole.ArrowLabel) + 8)).ToList();
        for (int i = 0; i < boxes.Count; i++)
        {
            for (int j = i + 1; j < boxes.Count; j++)
            {
                bool apartX = Math.Abs(boxes[i].X - boxes[j].X) >= (boxes[i].W + boxes[j].W) / 2;
                bool apartY = Math.Abs(boxes[i].Y - boxes[j].Y) >= 17;
                Assert.True(apartX || apartY, $"labels {i} and {j} overlap");
            }
        }
    }

    [Fact]
    public void State_notes_are_written_beside_the_life_lines()
    {
        var chart = SequenceDiagram.Build(TestTraces.Normal(), false);
        var notes = chart.Labels.Where(l => l.Role == TextRole.StateNote).ToList();
        Assert.Equal(["SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "TIME-WAIT", "CLOSED"],
            notes.Where(n => n.Anchor == TextAnchor.End).Select(n => n.Text));
        Assert.Contains(notes, n => n.Text == "server#1 LAST-ACK" && n.Anchor == TextAnchor.Start && n.X > X(chart, "server"));
        Assert.All(notes, n => Assert.Equal(StateColors.Fill(Enum.GetValues<TcpState>().Single(s => n.Text.EndsWith(s.ToRfcName(), StringComparison.Ordinal))), n.Background));
        // Notes on one side never overlap.
        foreach (var side in notes.GroupBy(n => n.Anchor))
        {
            var ys = side.Select(n => n.Y).Order().ToList();
            for (int i = 1; i < ys.Count; i++) Assert.True(ys[i] - ys[i - 1] >= 18);
        }
    }

    [Fact]
    public void Idle_stretches_become_cuts_with_the_skipped_time()
    {
        var chart = SequenceDiagram.Build(TestTraces.Normal(), false);
        Assert.Equal(["⋯ 1.80 ms ⋯", "⋯ 60.0 s ⋯"], chart.Breaks.Select(b => b.Label));
        Assert.All(chart.Breaks, b => Assert.Equal(AxisOrientation.Vertical, b.Axis));
        var times = chart.Axes.Single().Ticks.Select(t => t.Label).ToList();
        Assert.Equal("0.000 ms", times[0]);
        Assert.Equal("60002.200 ms", times[^1]);
    }

    [Fact]
    public void Lost_syn_ack_ends_in_a_cross_half_way()
    {
        var chart = SequenceDiagram.Build(TestTraces.LostSynAck(), false);
        double client = X(chart, "client"), server = X(chart, "server");
        var lost = Assert.Single(chart.Arrows, a => a.Kind == ArrowKind.Lost);
        Assert.Equal("SYN,ACK seq=0 ack=1", lost.Label!.Text);
        Assert.Equal(server, lost.X1);
        Assert.Equal((client + server) / 2, lost.X2, 2);
        Assert.Equal(EventColors.Lost, lost.Stroke);
        Assert.Equal(3, chart.Arrows.Count(a => a.Label!.Text.StartsWith("SYN,ACK", StringComparison.Ordinal)));
        Assert.Equal(2, chart.Arrows.Count(a => a.Kind == ArrowKind.Retransmission && a.Label!.Text == "SYN,ACK seq=0 ack=1 (retx)"));
        Assert.Single(chart.Arrows, a => a.Kind == ArrowKind.Retransmission && a.Label!.Text == "SYN seq=0 (retx)");
        Assert.Equal(2, chart.Arrows.Count(a => a.Label!.Text == "ACK seq=1 ack=1"));
        Assert.Equal(2, chart.Labels.Count(l => l.Text == "retransmission timer fired"));
        // The cut after the lost segment starts below its cross.
        Assert.True(chart.Breaks.Single().Y0 > lost.Y2);
    }

    [Fact]
    public void Simultaneous_close_fins_cross_in_flight()
    {
        var chart = SequenceDiagram.Build(TestTraces.SimultaneousClose(), false);
        var fins = chart.Arrows.Where(a => a.Label!.Text.StartsWith("FIN", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, fins.Count);
        Assert.True(Cross(fins[0], fins[1]), "the two FIN arrows must cross");
        var acks = chart.Arrows.Where(a => a.Label!.Text == "ACK seq=2 ack=2").ToList();
        Assert.Equal(2, acks.Count);
        Assert.True(Cross(acks[0], acks[1]), "the two ACKs of the FINs cross too");
        Assert.Contains(chart.Labels, l => l.Text == "CLOSING");
        Assert.Contains(chart.Labels, l => l.Text == "server#1 CLOSING");
        Assert.Equal(2, chart.Labels.Count(l => l.Text.EndsWith("TIME-WAIT", StringComparison.Ordinal)));
    }

    [Fact]
    public void Syn_timeout_draws_eleven_lost_syns()
    {
        var chart = SequenceDiagram.Build(TestTraces.SynTimeout(), false);
        Assert.Equal(11, chart.Arrows.Count(a => a.Kind == ArrowKind.Lost));
        Assert.Equal(10, chart.Arrows.Count(a => a.Label!.Text == "SYN seq=0 (retx)"));
        Assert.Contains(chart.Labels, l => l.Text == "CLOSED" && l.Role == TextRole.StateNote);
        Assert.Equal("131000.000 ms", chart.Axes.Single().Ticks[^1].Label);
    }

    [Fact]
    public void Absolute_numbers_on_request()
    {
        var chart = SequenceDiagram.Build(TestTraces.Normal(), absoluteSeq: true);
        Assert.Equal($"SYN seq={TraceScript.ClientIsn}", chart.Arrows[0].Label!.Text);
        Assert.Equal($"SYN,ACK seq={TraceScript.ServerIsn} ack={TraceScript.ClientIsn + 1}", chart.Arrows[1].Label!.Text);
        Assert.Contains("Absolute sequence numbers", chart.ScaleNote);
    }

    [Fact]
    public void Duplicates_delays_and_injections_are_told_apart()
    {
        var s = new TraceScript("oddities");
        s.Created(0, "client", "client", 40000);
        s.State(0, "client", TcpState.Closed, TcpState.SynSent, "connect");
        s.C2S(0, TcpFlags.Syn, 0, 0, receiver: null);
        s.C2S(0.01, TcpFlags.Syn, 0, 0, fate: SegmentFate.Duplicate, receiver: null);
        s.C2S(0.02, TcpFlags.Syn, 0, 0, fate: SegmentFate.Delayed, latencyMs: 5, receiver: null);
        s.S2C(0.06, TcpFlags.Rst | TcpFlags.Ack, 0, 1, sender: null);
        s.S2C(1, TcpFlags.Rst, 1, 0, fate: SegmentFate.Injected, sender: null);
        var chart = SequenceDiagram.Build(s.Build(10), false);
        Assert.Equal([ArrowKind.Normal, ArrowKind.Duplicate, ArrowKind.Delayed, ArrowKind.Normal, ArrowKind.Injected], chart.Arrows.Select(a => a.Kind));
        Assert.Equal("SYN seq=0 (dup)", chart.Arrows[1].Label!.Text);
        Assert.Equal("SYN seq=0 (delayed)", chart.Arrows[2].Label!.Text);
        Assert.Equal("RST,ACK seq=0 ack=1", chart.Arrows[3].Label!.Text);
        Assert.Equal("injected RST seq=1", chart.Arrows[4].Label!.Text);
        Assert.Equal(EventColors.Injected, chart.Arrows[4].Stroke);
        // The delayed SYN arrives after the RST was sent: its arrow ends below the RST's start.
        Assert.True(chart.Arrows[2].Y2 > chart.Arrows[3].Y1);
        Assert.Contains("from host stack", chart.Arrows[3].Tooltip);
    }

    /// <summary>Whether two arrows' segments intersect strictly inside both.</summary>
    private static bool Cross(Arrow a, Arrow b)
    {
        static double Side(double ax, double ay, double bx, double by, double cx, double cy) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
        double d1 = Side(a.X1, a.Y1, a.X2, a.Y2, b.X1, b.Y1), d2 = Side(a.X1, a.Y1, a.X2, a.Y2, b.X2, b.Y2);
        double d3 = Side(b.X1, b.Y1, b.X2, b.Y2, a.X1, a.Y1), d4 = Side(b.X1, b.Y1, b.X2, b.Y2, a.X2, a.Y2);
        return d1 * d2 < 0 && d3 * d4 < 0;
    }
}
