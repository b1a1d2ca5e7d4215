using System.Runtime.CompilerServices;
using System.Text;

namespace Simulator.Charts.Tests;

/// <summary>
/// The SVGs of two stories compared byte for byte with files committed under Golden/ (and the PNGs the README shows,
/// written there too). After a deliberate change to the charts, look at the new pictures, then regenerate the files
/// with <c>TCPSIM_UPDATE_GOLDEN=1 dotnet test Simulator.sln</c> and commit them with the change.
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
        string actual = Encoding.UTF8.GetString(ChartRenderer.Render(Stories.Chart(parts[0], parts[1]), ChartFormat.Svg));
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

    /// <summary>The README's pictures: regenerated with the golden files, checked to be the charts of their story.</summary>
    [Theory]
    [InlineData("lost-synack.timeline.png")]
    [InlineData("lost-synack.sequence.png")]
    public void Readme_picture_is_current(string file)
    {
        string[] parts = file.Split('.');
        byte[] actual = ChartRenderer.Render(Stories.Chart(parts[0], parts[1]), ChartFormat.Png);
        string path = Path.Combine(GoldenDirectory(), file);
        if (Environment.GetEnvironmentVariable("TCPSIM_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"{path} is missing: run with TCPSIM_UPDATE_GOLDEN=1 to create it");
        Assert.Equal(ChartRendererTests.PngSize(actual), ChartRendererTests.PngSize(File.ReadAllBytes(path)));
    }

    private static string GoldenDirectory([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "Golden");
}
