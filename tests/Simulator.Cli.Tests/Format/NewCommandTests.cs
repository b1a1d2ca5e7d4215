using Simulator.Cli.Catalog;
using Simulator.Cli.Tests.Scenarios;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Tests.Format;

/// <summary><c>tcpsim new</c>: the shipped scenarios and the template travel inside the tool.</summary>
public sealed class NewCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Catalog_HoldsEveryShippedScenario_IncludingSubfolders_AndTheTemplate()
    {
        string[] shipped = [.. Directory.GetFiles(ShippedScenarios.Folder, "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(ShippedScenarios.Folder, f)[..^".yaml".Length].Replace('\\', '/')).Order(StringComparer.Ordinal)];
        Assert.Equal(shipped, ScenarioCatalog.All.Where(e => !e.IsTemplate).Select(e => e.Name));
        foreach (string name in shipped)
            Assert.Equal(File.ReadAllText(ShippedScenarios.File(name)), ScenarioCatalog.Find(name)!.Text());
        Assert.Contains(ScenarioCatalog.All, e => e.IsTemplate && e.Name == ScenarioCatalog.Template);
    }

    [Fact]
    public void List_NamesEveryEntryWithItsSummary()
    {
        var (code, stdout, _) = CliRun.Invoke("new", "--list");
        Assert.Equal(0, code);
        string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ScenarioCatalog.All.Select(e => e.Name), lines.Select(l => l.Split(' ')[0]));
        Assert.Contains(lines, l => l.StartsWith("lost-synack ", StringComparison.Ordinal) && l.Contains("The server's first SYN-ACK is lost.", StringComparison.Ordinal));
        Assert.StartsWith("minimal", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void New_WritesTheScenario_WithAModelineToTheSchemaBesideIt_AndItRunsAndPasses()
    {
        string file = Path.Combine(_temp.Path, "x.yaml");
        var (code, stdout, stderr) = CliRun.Invoke("new", "lost-synack", file);
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote ", stdout, StringComparison.Ordinal);
        string text = File.ReadAllText(file);
        Assert.Equal(ScenarioSchema.Modeline(ScenarioSchema.FileName), text.Split('\n')[0]);
        Assert.Equal(File.ReadAllText(ShippedScenarios.File("lost-synack")).Split('\n')[1..], text.Split('\n')[1..]);
        Assert.Equal(ScenarioSchema.Text(), File.ReadAllText(Path.Combine(_temp.Path, ScenarioSchema.FileName)));
        var run = CliRun.Invoke("run", file, "--out", Path.Combine(_temp.Path, "out"), "--quiet", "--no-charts");
        Assert.True(run.Code == 0, run.Out + run.Err);
    }

    [Fact]
    public void Template_RunsAndPassesItsExpectations()
    {
        string file = Path.Combine(_temp.Path, "mine.yaml");
        Assert.Equal(0, CliRun.Invoke("new", ScenarioCatalog.Template, file).Code);
        var run = CliRun.Invoke("run", file, "--out", Path.Combine(_temp.Path, "out"), "--quiet", "--no-charts");
        Assert.True(run.Code == 0, run.Out + run.Err);
        Assert.Contains("scenarios: 1 passed, 0 failed", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void New_NeverOverwritesWithoutForce_AndLeavesAnExistingSchemaAlone()
    {
        string file = _temp.Write("x.yaml", "mine\n");
        string schema = _temp.Write(ScenarioSchema.FileName, "{}\n");
        var (code, _, stderr) = CliRun.Invoke("new", "normal", file);
        Assert.Equal(2, code);
        Assert.Contains("already exists; pass --force", stderr, StringComparison.Ordinal);
        Assert.Equal("mine\n", File.ReadAllText(file));

        Assert.Equal(0, CliRun.Invoke("new", "normal", file, "--force").Code);
        Assert.Contains("name: normal", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Equal("{}\n", File.ReadAllText(schema));
        Assert.Equal(["x.yaml", ScenarioSchema.FileName], _temp.AllFiles().Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public void UnknownName_IsAnError_ThatListsTheNames_AndWritesNothing()
    {
        var (code, _, stderr) = CliRun.Invoke("new", "lost-synak", Path.Combine(_temp.Path, "x.yaml"));
        Assert.Equal(2, code);
        Assert.Contains("no shipped scenario or template 'lost-synak'", stderr, StringComparison.Ordinal);
        Assert.Contains("lost-synack", stderr, StringComparison.Ordinal);
        Assert.Contains("minimal", stderr, StringComparison.Ordinal);
        Assert.Empty(_temp.AllFiles());
        Assert.Equal(2, CliRun.Invoke("new").Code);
    }
}
