using System.Runtime.CompilerServices;
using Simulator.Core.Charts;

namespace Simulator.Core.Tests.Charts;

/// <summary>
/// The SVGs of two stories compared byte for byte with files committed under Golden/. After a deliberate change
/// to the charts, look at the new pictures, then regenerate the files with
/// <c>TCPSIM_UPDATE_GOLDEN=1 dotnet test Simulator.sln</c> and commit them with the change.
/// </summary>
public sealed class GoldenTests
{
    public static TheoryData<string> Files => new()
    {
        "normal.timeline.svg", "normal.sequence.svg", "simultaneous-close.timeline.svg", "simultaneous-close.sequence.svg",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Svg_matches_its_golden_file(string file)
    {
        string[] parts = file.Split('.');
        var trace = StateTimelineTests.Trace(parts[0]);
        string actual = parts[1] == "timeline"
            ? SvgWriter.Write(StateTimeline.Build(trace))
            : SvgWriter.Write(SequenceDiagram.Build(trace, absoluteSeq: false));
        string path = Path.Combine(GoldenDirectory(), file);
        if (Environment.GetEnvironmentVariable("TCPSIM_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"{path} is missing: run with TCPSIM_UPDATE_GOLDEN=1 to create it");
        string expected = File.ReadAllText(path);
        Assert.True(expected == actual, $"{file} differs from its golden file (regenerate with TCPSIM_UPDATE_GOLDEN=1 if the change is intended)");
    }

    private static string GoldenDirectory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Golden");
}
