namespace Simulator.Cli.Tests;

public sealed class CliTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Invoke(args);

    [Fact]
    public void ValidateAValidFile()
    {
        string file = _temp.Write("good.yaml", ScenarioText.Base);
        var (code, stdout, stderr) = Run("validate", file);
        Assert.Equal(0, code);
        Assert.Equal($"OK {file}\n", stdout.ReplaceLineEndings("\n"));
        Assert.Empty(stderr);
    }

    [Fact]
    public void ValidateAFolderInNameOrder()
    {
        string folder = Path.Combine(_temp.Path, "scenarios");
        string good = _temp.Write("scenarios/b-good.yaml", ScenarioText.Base);
        string bad = _temp.Write("scenarios/a-bad.yaml", ScenarioText.Base + "seed: x\n");
        string other = _temp.Write("scenarios/c-good.yaml", ScenarioText.Base.Replace("name: t", "name: u", StringComparison.Ordinal));
        _temp.Write("scenarios/notes.txt", "not a scenario");
        var (code, stdout, stderr) = Run("validate", folder);
        Assert.Equal(2, code);
        Assert.Equal($"OK {good}\nOK {other}\n", stdout.ReplaceLineEndings("\n"));
        Assert.Equal($"{bad}:19:7: 'seed': 'x' is not a seed; use an integer from 0 to 18446744073709551615\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ValidateReportsEveryErrorOfEveryFile()
    {
        string a = _temp.Write("a.yaml", "name: a\n");
        string b = _temp.Write("b.yaml", "");
        var (code, _, stderr) = Run("validate", a, b);
        Assert.Equal(2, code);
        string[] lines = stderr.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        string[] expected = [$"{a}:1:1: scenario is missing 'hosts'", $"{a}:1:1: scenario is missing 'endpoints'", $"{b}:1:1: the file is empty"];
        Assert.Equal(expected.Length, lines.Length);
        Assert.All(expected.Zip(lines), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateAMissingPath()
    {
        var (code, _, stderr) = Run("validate", Path.Combine(_temp.Path, "nope.yaml"));
        Assert.Equal(2, code);
        Assert.Contains("no such file or folder", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateAnEmptyFolder()
    {
        var (code, _, stderr) = Run("validate", _temp.Path);
        Assert.Equal(2, code);
        Assert.Contains("no *.yaml files in folder", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateNeedsAnArgument()
    {
        var (code, _, stderr) = Run("validate");
        Assert.Equal(2, code);
        Assert.Contains("Run 'tcpsim --help' for usage.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help()
    {
        var (code, stdout, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("validate <scenario>", stdout, StringComparison.Ordinal);
        Assert.Contains("run <scenario>", stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void RunHelpListsItsOptions()
    {
        var (code, stdout, _) = Run("run", "--help");
        Assert.Equal(0, code);
        foreach (string option in new[] { "--out <dir>", "[default: output]", "--seed <n>", "--profile <linux|rfc9293>", "--quiet", "--no-charts", "--max-events <n>" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Version()
    {
        var (code, stdout, _) = Run("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^tcpsim \d+\.\d+\.\d+\n$", stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void NoArgumentsShowsUsage()
    {
        var (code, stdout, stderr) = Run();
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains("Usage:", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("validate", "--strict", "x.yaml")]
    [InlineData("run", "--profile", "bsd", "x.yaml")]
    [InlineData("run", "--seed", "-1", "x.yaml")]
    [InlineData("run", "--max-events", "0", "x.yaml")]
    public void BadCommandLinesAreInvalidInput(params string[] args)
    {
        var (code, _, stderr) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains("Run 'tcpsim --help' for usage.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RunStopsAtInvalidScenarios()
    {
        string good = _temp.Write("good.yaml", ScenarioText.Base);
        string bad = _temp.Write("bad.yaml", ScenarioText.Base + "profile: bsd\n");
        var (code, stdout, stderr) = Run("run", good, bad);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.StartsWith($"{bad}:19:10: unknown profile 'bsd'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RunAcceptsItsOptions()
    {
        string good = _temp.Write("good.yaml", ScenarioText.Base);
        string outRoot = Path.Combine(_temp.Path, "out");
        var (code, stdout, stderr) = Run("run", good, "--out", outRoot, "--seed", "5", "--profile", "rfc9293",
            "--quiet", "--no-charts", "--max-events", "1000", "--pcap-at", "receiver");
        Assert.True(code == 0, stderr);
        Assert.Contains("profile rfc9293, seed 5", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[S]", stdout, StringComparison.Ordinal);   // --quiet: no segment lines
        string folder = Directory.GetDirectories(outRoot).Single();
        Assert.True(File.Exists(Path.Combine(folder, "trace.pcap")));
        Assert.False(File.Exists(Path.Combine(folder, "timeline.svg")) || File.Exists(Path.Combine(folder, "timeline.png")));  // --no-charts
    }
}
