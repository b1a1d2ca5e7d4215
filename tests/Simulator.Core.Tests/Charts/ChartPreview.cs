using Simulator.Core.Charts;

namespace Simulator.Core.Tests.Charts;

public sealed class ChartPreview
{
    /// <summary>
    /// Writes every test chart and report to the folder named by TCPSIM_CHART_PREVIEW (for looking at them in a
    /// browser); does nothing when the variable is unset.
    /// </summary>
    [Fact]
    public void Writes_previews_when_asked()
    {
        string? dir = Environment.GetEnvironmentVariable("TCPSIM_CHART_PREVIEW");
        if (string.IsNullOrEmpty(dir)) return;
        Directory.CreateDirectory(dir);
        var traces = new[] { TestTraces.Normal(), TestTraces.LostSynAck(), TestTraces.SimultaneousClose(), TestTraces.SynTimeout() };
        foreach (var trace in traces)
        {
            File.WriteAllText(Path.Combine(dir, trace.Scenario + ".timeline.svg"), SvgWriter.Write(StateTimeline.Build(trace)));
            File.WriteAllText(Path.Combine(dir, trace.Scenario + ".sequence.svg"), SvgWriter.Write(SequenceDiagram.Build(trace, false)));
            File.WriteAllText(Path.Combine(dir, trace.Scenario + ".report.html"), HtmlReport.Build(new ReportInput(trace,
                [new ExpectationOutcome(true, "client states: SYN-SENT ESTABLISHED"), new ExpectationOutcome(false, "server#1 final state CLOSED (was TIME-WAIT)")])));
        }
    }
}
