using Simulator.Core.Chaos;
using Simulator.Core.Tests.Support;

namespace Simulator.Cli.Tests.Chaos;

/// <summary>
/// Failures <c>tcpsim chaos</c> found in the simulator, each kept as its shrunk scenario: every one must now run to
/// its end within the chaos event limit and pass its expectations.
/// </summary>
public sealed class RegressionScenarioTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "tests", "Simulator.Cli.Tests", "Chaos", "regressions");

    public static TheoryData<string> Files() => YamlFolder.FileNames(Folder);

    [Theory]
    [MemberData(nameof(Files))]
    public void ShrunkFailure_NowPasses(string file)
    {
        using var temp = new TempFolder();
        var (code, stdout, stderr) = CliRun.Invoke("run", Path.Combine(Folder, file), "--quiet", "--no-charts",
            "--max-events", ChaosOptions.DefaultMaxEvents.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", temp.Path);
        Assert.True(code == 0, stdout + stderr);
    }
}
