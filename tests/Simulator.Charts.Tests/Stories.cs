using Simulator.Core.Charts;
using Simulator.Core.Tests.Charts;
using Simulator.Core.Tracing;

namespace Simulator.Charts.Tests;

/// <summary>The hand-written stories of the chart tests, by name, and the charts built from them.</summary>
internal static class Stories
{
    public static readonly string[] Names = ["normal", "lost-synack", "simultaneous-close", "syn-timeout"];

    public static Trace Trace(string name) => name switch
    {
        "normal" => TestTraces.Normal(),
        "lost-synack" => TestTraces.LostSynAck(),
        "simultaneous-close" => TestTraces.SimultaneousClose(),
        "syn-timeout" => TestTraces.SynTimeout(),
        _ => throw new ArgumentException(name),
    };

    public static Chart Chart(string name, string kind) => kind == "timeline"
        ? StateTimeline.Build(Trace(name))
        : SequenceDiagram.Build(Trace(name), absoluteSeq: false);

    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in Names)
        {
            data.Add(name, "timeline");
            data.Add(name, "sequence");
        }
        return data;
    }
}
