using Simulator.Core.Export;

namespace Simulator.Core.Tests.Export;

public sealed class ConsoleTraceTests
{
    [Fact]
    public void LostSyn_SegmentsAndStatesInTimeOrder_Aligned()
    {
        const string expected = """
               0.000  server           CLOSED → LISTEN
               0.000  client           CLOSED → SYN-SENT
               0.000  client > server  [S]   seq 0  ack 0  len 0  ✗ LOST
            1000.000  client > server  [S]   seq 0  ack 0  len 0  retransmission
            1000.015  server#1         LISTEN → SYN-RECEIVED
            1000.015  server > client  [S.]  seq 0  ack 1  len 0
            1000.030  client           SYN-SENT → ESTABLISHED
            1000.030  client > server  [.]   seq 1  ack 1  len 0
            1000.045  server#1         SYN-RECEIVED → ESTABLISHED

            """;
        Assert.Equal(expected, ConsoleTrace.RenderText(TestTraces.LostSyn()));
    }

    [Fact]
    public void Normal_ColumnsLineUpAcrossWidths()
    {
        var lines = ConsoleTrace.Render(TestTraces.Normal());
        Assert.Equal("    0.000  client > server  [S]   seq 0    ack 0    len 0", lines[2].Text);
        Assert.Equal("    0.115  server > client  [.]   seq 1    ack 101  len 0", lines[9].Text);
        Assert.Equal("60030.015  client           TIME-WAIT → CLOSED", lines[^1].Text);
        Assert.All(lines, l => Assert.InRange(l.Text.Length, 1, 100));
    }

    [Fact]
    public void Kinds_LetTheCallerColourLines()
    {
        var lines = ConsoleTrace.Render(TestTraces.LostSyn());
        Assert.Equal(ConsoleLineKind.LostSegment, lines.Single(l => l.Text.Contains("LOST", StringComparison.Ordinal)).Kind);
        Assert.Equal(ConsoleLineKind.UnusualSegment, lines.Single(l => l.Text.Contains("retransmission", StringComparison.Ordinal)).Kind);
        Assert.Equal(5, lines.Count(l => l.Kind == ConsoleLineKind.State));
        Assert.Equal(2, lines.Count(l => l.Kind == ConsoleLineKind.Segment));
        Assert.DoesNotContain(lines, l => l.Text.Contains('\u001b', StringComparison.Ordinal));
    }

    [Fact]
    public void Detailed_AddsTimersAppCallsFaultsAndCauses()
    {
        var normal = ConsoleTrace.Render(TestTraces.Normal());
        var detailed = ConsoleTrace.Render(TestTraces.Normal(), ConsoleVerbosity.Detailed);
        Assert.DoesNotContain(normal, l => l.Kind is ConsoleLineKind.Timer or ConsoleLineKind.App or ConsoleLineKind.Info);
        Assert.Contains(detailed, l => l.Kind == ConsoleLineKind.Timer && l.Text.EndsWith("client           timer retransmit set for 1000.000", StringComparison.Ordinal));
        Assert.Contains(detailed, l => l.Kind == ConsoleLineKind.App && l.Text.EndsWith("client           connect(server:5000)", StringComparison.Ordinal));
        Assert.Contains(detailed, l => l.Kind == ConsoleLineKind.App && l.Text.EndsWith("client           connect → ok", StringComparison.Ordinal));
        Assert.Contains(detailed, l => l.Kind == ConsoleLineKind.State && l.Text.EndsWith("TIME-WAIT → CLOSED  (2MSL)", StringComparison.Ordinal));
        Assert.Contains(detailed, l => l.Kind == ConsoleLineKind.Info && l.Text.EndsWith("run              no event left (42 events)", StringComparison.Ordinal));

        var lost = ConsoleTrace.Render(TestTraces.LostSyn(), ConsoleVerbosity.Detailed);
        Assert.Contains(lost, l => l.Kind == ConsoleLineKind.Fault && l.Text.Contains("drop segment #1: drop from client flags SYN nth 1", StringComparison.Ordinal));
    }

    [Fact]
    public void EmptyTrace_NoLines()
    {
        var trace = new Simulator.Core.Tracing.Trace("empty", null, 1, "linux", []);
        Assert.Empty(ConsoleTrace.Render(trace, ConsoleVerbosity.Detailed));
    }
}
