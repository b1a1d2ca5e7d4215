using System.Xml.Linq;
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
        XDocument.Parse(SvgWriter.Write(StateTimeline.Build(trace)));
        XDocument.Parse(SvgWriter.Write(SequenceDiagram.Build(trace, false)));
        Assert.Contains("<h1>empty</h1>", HtmlReport.Build(new ReportInput(trace, [])));
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
    public void A_long_transfer_renders_quickly()
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
        var watch = System.Diagnostics.Stopwatch.StartNew();
        string html = HtmlReport.Build(new ReportInput(trace, []));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        // Without a SYN, numbering counts from the first segment of each side.
        Assert.Contains("PSH,ACK seq=2999000 ack=0 len=1000", html);
        Assert.Contains("more facts: tcpsim explain", html);                   // the report tells the first facts only
    }
}
