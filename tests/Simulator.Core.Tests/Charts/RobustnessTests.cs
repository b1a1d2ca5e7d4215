using Simulator.Core.Charts;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Charts;

public sealed class RobustnessTests
{
    [Fact]
    public void An_empty_trace_still_renders()
    {
        var trace = new Trace("empty", null, 1, "rfc", [TraceScript.Client, TraceScript.Server]);
        var timeline = StateTimeline.Build(trace);
        Assert.Empty(timeline.Spans);
        Assert.True(timeline.PlotArea.Width > 0 && timeline.PlotArea.Height > 0);
        var sequence = SequenceDiagram.Build(trace, false);
        Assert.Empty(sequence.Arrows);
        Assert.True(sequence.PlotArea.Width > 0 && sequence.PlotArea.Height > 0);
        Assert.Contains("<h1>empty</h1>", HtmlReport.Build(new ReportInput(trace, [], [])));
    }

    [Fact]
    public void A_segment_from_a_host_outside_the_scenario_gets_its_own_life_line()
    {
        var s = new TraceScript("outsider");
        s.Created(0, "server", "server", 5000);
        s.State(0, "server", TcpState.Closed, TcpState.Listen, "listen");
        s.Add(new SegmentSent(TraceScript.Ms(1), 1, "attacker", "server",
            new Segment(TraceScript.ClientPort, TraceScript.ServerPort, new SeqNum(5), new SeqNum(0), TcpFlags.Rst, 0, 0, TcpOptions.None),
            SegmentFate.Injected, null, false, TraceScript.Ms(1.05), null));
        s.Add(new SegmentDelivered(TraceScript.Ms(1.05), 1, "server", "server"));
        var chart = SequenceDiagram.Build(s.Build(2), false);
        Assert.Equal(["server", "attacker"], chart.Lanes.Select(l => l.Name));
        Assert.Equal(ArrowKind.Injected, Assert.Single(chart.Arrows).Kind);
    }

    [Fact]
    public void A_long_transfer_numbers_every_segment_in_the_ladder_and_report()
    {
        var s = new TraceScript("bulk");
        s.Created(0, "client", "client", 40000);
        s.State(0, "client", TcpState.Closed, TcpState.Established, "test");
        for (int i = 0; i < 3000; i++)
        {
            s.C2S(i * 0.1, TcpFlags.Ack | TcpFlags.Psh, (uint)(1 + i * 1000), 1, 1000);
            s.S2C(i * 0.1 + 0.05, TcpFlags.Ack, 1, (uint)(1 + (i + 1) * 1000));
        }
        var trace = s.Build(400);
        var chart = SequenceDiagram.Build(trace, false);
        string html = HtmlReport.Build(new ReportInput(trace, [], []));
        // Without a SYN, numbering counts from the first segment of each side; the client's first ACK, sent before
        // the server's first segment, makes SEG.ACK - 1 the server's base (as the reference traces do).
        Assert.Equal("PSH,ACK seq=2999000 ack=1 len=1000", chart.Arrows[^2].Label!.Text);
        Assert.Contains("<td class=\"num\">2999000</td>", html);
    }
}
