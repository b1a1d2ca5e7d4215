using Simulator.Cli.Tests.Scenarios;
using Simulator.Core.Sweeps;

namespace Simulator.Cli.Tests.Sweeps;

public sealed class SweepCommandTests
{
    private static readonly string LostSynack = Path.Combine(ShippedScenarios.Folder, "lost-synack.yaml");

    private static readonly string[] SmallGrid =
        ["sweep", LostSynack, "--vary", "links[0].loss=0,0.1,0.3", "--vary", "endpoints.client.tcp.syn_retries=1:2:1", "--seeds", "1..40"];

    private static readonly string[] SweepFiles =
    [
        "runs.csv", "runs.parquet", "summary.csv", "sweep.txt", "summary.html",
        "success-rate.png", "success-rate.svg", "connect-cdf.png", "connect-cdf.svg", "outcomes.png", "outcomes.svg",
    ];

    [Fact]
    public void Sweep_OneRun_RowIsTheScenarioRun()
    {
        using var temp = new TempFolder();
        var (code, stdout, stderr) = CliRun.Invoke("sweep", LostSynack, "--seeds", "7", "--out", Path.Combine(temp.Path, "s"));
        Assert.True(code == 0, stderr);
        Assert.Contains("runs=1", stdout);
        Assert.Matches(@"sweep lost-synack: 1/1 runs, \d+ runs/s\n", stderr.Replace("\r", ""));
        RunTable table = SweepCsv.ReadRuns(File.ReadAllText(Path.Combine(temp.Path, "s", "runs.csv")), "runs.csv");
        RunSummary row = Assert.Single(table.Rows);
        // As tcpsim run prints it: connect ok at 1000.030 ms, 14 segments (1 lost), every expectation passes.
        Assert.Equal(("ok", 1_000_030L, 14L, 1L, 6, 0), (row.ConnectResult, row.ConnectUs!.Value, row.Segments, row.Lost, row.ExpectationsPassed, row.ExpectationsFailed));
        Assert.Equal(["server#1", "client"], table.States.Endpoints);
        Assert.Equal(1_000_030, row.StateUs[table.States.IndexOf("client", Core.Tcp.TcpState.SynSent)]);
        Assert.Equal(60_000_000, row.StateUs[table.States.IndexOf("client", Core.Tcp.TcpState.TimeWait)]);
        Assert.Equal(61_000_590, row.EndUs);
    }

    [Fact]
    public void Sweep_FilesDoNotDependOnJobs()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRun.Invoke([.. SmallGrid, "--jobs", "1", "--out", Path.Combine(temp.Path, "one")]).Code);
        Assert.Equal(0, CliRun.Invoke([.. SmallGrid, "--jobs", "4", "--out", Path.Combine(temp.Path, "four")]).Code);
        foreach (string file in SweepFiles)
            Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Path, "one", file)), File.ReadAllBytes(Path.Combine(temp.Path, "four", file)));
        string summary = File.ReadAllText(Path.Combine(temp.Path, "one", "summary.csv"));
        Assert.Equal(1 + 6, summary.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Merge_OfShards_IsByteIdenticalToTheUnshardedSweep()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRun.Invoke([.. SmallGrid, "--out", Path.Combine(temp.Path, "whole")]).Code);
        string[] shards = [.. Enumerable.Range(1, 4).Select(k => Path.Combine(temp.Path, $"shard-{k}"))];
        for (int k = 1; k <= 4; k++)
            Assert.Equal(0, CliRun.Invoke([.. SmallGrid, "--shard", $"{k}/4", "--jobs", "1", "--out", shards[k - 1]]).Code);
        Assert.NotEqual(File.ReadAllText(Path.Combine(shards[0], "runs.csv")), File.ReadAllText(Path.Combine(temp.Path, "whole", "runs.csv")));

        var (code, _, stderr) = CliRun.Invoke(["merge", shards[2], shards[0], shards[3], shards[1], "--out", Path.Combine(temp.Path, "merged")]);

        Assert.True(code == 0, stderr);
        foreach (string file in SweepFiles)
            Assert.Equal(File.ReadAllBytes(Path.Combine(temp.Path, "whole", file)), File.ReadAllBytes(Path.Combine(temp.Path, "merged", file)));
    }

    [Fact]
    public void Sweep_WritesChartsAndOnePage()
    {
        using var temp = new TempFolder();
        string output = Path.Combine(temp.Path, "s");
        Assert.Equal(0, CliRun.Invoke([.. SmallGrid, "--out", output]).Code);
        Assert.Equal(SweepFiles.Order(StringComparer.Ordinal), Directory.GetFiles(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (string chart in new[] { "success-rate", "connect-cdf", "outcomes" })
        {
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(output, chart + ".png"))[..4]);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(output, chart + ".svg")));
        }
        string html = File.ReadAllText(Path.Combine(output, "summary.html"));
        Assert.Equal(3, html.Split("<img src=\"data:image/png;base64,").Length - 1);
        // One table row per grid point, with the keys as headers.
        Assert.Contains("<th>links[0].loss</th><th>endpoints.client.tcp.syn_retries</th>", html);
        Assert.Equal(6, html.Split("<tr><td class=\"num\">").Length - 1);
    }

    [Fact]
    public void Merge_MissingShard_Exit2_NamesIt()
    {
        using var temp = new TempFolder();
        string[] shards = [.. Enumerable.Range(1, 3).Select(k => Path.Combine(temp.Path, $"shard-{k}"))];
        foreach (int k in new[] { 1, 3 }) Assert.Equal(0, CliRun.Invoke([.. SmallGrid, "--shard", $"{k}/3", "--out", shards[k - 1]]).Code);

        var (code, _, stderr) = CliRun.Invoke("merge", shards[0], shards[2], "--out", Path.Combine(temp.Path, "merged"));

        Assert.Equal(2, code);
        Assert.Contains("missing shard 2/3", stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "merged")));
    }

    [Fact]
    public void Merge_ShardsOfDifferentSweeps_Exit2()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRun.Invoke([.. SmallGrid, "--shard", "1/2", "--out", Path.Combine(temp.Path, "a")]).Code);
        Assert.Equal(0, CliRun.Invoke([.. SmallGrid[..^1], "1..41", "--shard", "2/2", "--out", Path.Combine(temp.Path, "b")]).Code);
        var (code, _, stderr) = CliRun.Invoke("merge", Path.Combine(temp.Path, "a"), Path.Combine(temp.Path, "b"), "--out", Path.Combine(temp.Path, "m"));
        Assert.Equal(2, code);
        Assert.Contains("another sweep", stderr);
    }

    [Theory]
    [InlineData("links[3].loss=0.1", "links has 1 item; valid indexes are links[0]..links[0]")]
    [InlineData("link[0].loss=0.1", "the scenario has no key 'link'; keys there: name, description, seed, hosts, links, faults, endpoints, expect")]
    [InlineData("endpoints.clinet.tcp.syn_retries=1", "'endpoints' has no key 'clinet'; keys there: endpoints.server, endpoints.client")]
    [InlineData("links[0].los=0.1", "unknown key 'los' in link (did you mean 'loss'?)")]
    [InlineData("endpoints.client.tcp.syn_retrys=1,2", "did you mean 'syn_retries'?")]
    [InlineData("links[0].loss=0,1.5", "--vary links[0].loss=1.5: ")]
    [InlineData("faults[0].drop.nth=0:2:1", "--vary faults[0].drop.nth=0: ")]
    [InlineData("links[0]=0.1", "'links[0]' is a mapping (key: value), not a single value")]
    [InlineData("seed=1,2", "'seed' cannot be varied: the seed is set per run by --seeds")]
    [InlineData("links[0].loss", "write KEY=VALUES")]
    [InlineData("links[0].loss=5:1:1", "needs start <= stop")]
    public void Sweep_BadVary_Exit2_NamesTheKey_WritesNothing(string vary, string message)
    {
        using var temp = new TempFolder();
        string output = Path.Combine(temp.Path, "out");
        var (code, stdout, stderr) = CliRun.Invoke("sweep", LostSynack, "--vary", vary, "--seeds", "1..5", "--out", output);
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
        Assert.Contains("--vary", stderr);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Sweep_BadValue_PointsAtTheScenarioLine()
    {
        var (code, _, stderr) = CliRun.Invoke("sweep", LostSynack, "--vary", "links[0].loss=2", "--out", "/nonexistent/never");
        Assert.Equal(2, code);
        Assert.Matches(@"--vary links\[0\]\.loss=2: .*lost-synack\.yaml:\d+:\d+: .*loss", stderr);
    }

    [Theory]
    [InlineData("--shard", "4/3", "K/N")]
    [InlineData("--shard", "0/3", "K/N")]
    [InlineData("--seeds", "9..1", "the last seed")]
    [InlineData("--jobs", "0", "--jobs must be at least 1")]
    public void Sweep_BadOption_Exit2(string option, string value, string message)
    {
        var (code, _, stderr) = CliRun.Invoke("sweep", LostSynack, option, value, "--out", "/nonexistent/never");
        Assert.Equal(2, code);
        Assert.Contains(message, stderr);
    }
}
