using Simulator.Cli.Tests.Scenarios;
using Simulator.Cli.Yaml;
using Simulator.Core.Chaos;
using Simulator.Core.Network;
using Simulator.Core.Scenarios;

namespace Simulator.Cli.Tests;

/// <summary><c>tcpsim chaos</c> end to end, and the <c>chaos:</c> and <c>invariant:</c> keys it brings.</summary>
public sealed class ChaosTests
{
    /// <summary>normal.yaml with one too-strict expectation, under random SYN drops and random link loss.</summary>
    private static string ConnectWithinOneMs()
    {
        string normal = File.ReadAllText(ShippedScenarios.File("normal"));
        string head = normal[..normal.IndexOf("\nexpect:", StringComparison.Ordinal)].Replace("name: normal", "name: connect-fast", StringComparison.Ordinal);
        return head + """

            expect:
              - endpoint: client
                connect: ok
                at: 0s
                within: 1ms
            chaos:
              actions: [drop]
              flags: [SYN]
              max_loss: 0.3
              max_duplicate: 0
              max_jitter: 0s

            """;
    }

    [Fact]
    public void TooStrictExpectation_UnderRandomSynLoss_ShrinksToOneDrop_AndTheWrittenScenarioFailsTheSameWay()
    {
        using var temp = new TempFolder();
        string scenario = temp.Write("connect-fast.yaml", ConnectWithinOneMs());
        string outDir = Path.Combine(temp.Path, "out");
        var (code, stdout, _) = CliRun.Invoke("chaos", scenario, "--runs", "200", "--expectations", "--out", outDir);

        Assert.Equal(1, code);
        Assert.Contains("FAIL  run ", stdout);
        Assert.Matches(@"chaos connect-fast: 200 runs, \d+ failed \(expectations \d+\)", stdout);
        string written = Path.Combine(outDir, "connect-fast-expectations.yaml");
        Assert.Contains($"reproduce: tcpsim run {written}", stdout);

        Scenario reproducer = ScenarioLoader.Load(written).Scenario!;
        FaultRule drop = Assert.Single(reproducer.Faults);
        Assert.Equal(FaultAction.Drop, drop.Action);
        Assert.Equal(1, drop.Nth);
        Assert.Contains(drop.Kind, new[] { SegmentKind.Syn, SegmentKind.SynAck });
        Assert.All(reproducer.Links, l => Assert.True(l.AToB.Loss == 0 && l.BToA.Loss == 0));

        var (runCode, runOut, _) = CliRun.Invoke("run", written, "--quiet", "--no-charts", "--out", Path.Combine(temp.Path, "run"));
        Assert.Equal(1, runCode);
        Assert.Contains("FAIL  client connect: expected ok at 0.000 ms ± 1ms, got ok at 1", runOut);
    }

    [Fact]
    public void Results_DependOnTheSeed_NotOnJobs()
    {
        using var temp = new TempFolder();
        string scenario = temp.Write("connect-fast.yaml", ConnectWithinOneMs());
        string Run(string jobs, string seed)
        {
            string outDir = Path.Combine(temp.Path, $"out-{jobs}-{seed}");
            var (_, stdout, _) = CliRun.Invoke("chaos", scenario, "--runs", "60", "--expectations", "--jobs", jobs, "--seed", seed, "--out", outDir);
            string yaml = File.ReadAllText(Path.Combine(outDir, "connect-fast-expectations.yaml"));
            // Everything but the folder, the elapsed time and the job count.
            return string.Join('\n', stdout.Replace(outDir, "OUT", StringComparison.Ordinal).Split('\n')
                .Select(l => l.StartsWith("chaos ", StringComparison.Ordinal) ? l[..l.IndexOf("; seed", StringComparison.Ordinal)] : l)) + yaml;
        }
        Assert.Equal(Run("1", "5"), Run("2", "5"));
        Assert.NotEqual(Run("1", "5"), Run("1", "6"));
    }

    [Fact]
    public void ShippedScenario_NoViolation_ExitsZeroAndWritesNothing()
    {
        using var temp = new TempFolder();
        string outDir = Path.Combine(temp.Path, "out");
        var (code, stdout, stderr) = CliRun.Invoke("chaos", ShippedScenarios.File("lost-fin"), "--runs", "100", "--out", outDir);
        Assert.Equal(0, code);
        Assert.Matches(@"chaos lost-fin: 100 runs, 0 failed; seed 1; [\d.]+ s", stdout);
        Assert.Contains("chaos lost-fin: 100/100 runs, 0 failed", stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void NoTimeWaitVariant_StaleDeliveryIsAllowed_ButTheRealProtocolKeepsTheCheck()
    {
        using var temp = new TempFolder();
        // The variant exists to deliver an earlier connection's bytes; the delivery invariant lets those through.
        var (code, stdout, _) = CliRun.Invoke("chaos", ShippedScenarios.File("why/no-time-wait-stale-data"), "--runs", "200", "--out", Path.Combine(temp.Path, "a"));
        Assert.True(code == 0, stdout);
        // The same scenario run as the real protocol (TIME-WAIT back) has no such licence, and no such delivery.
        string real = temp.Write("real.yaml", File.ReadAllText(ShippedScenarios.File("why/no-time-wait-stale-data")).Replace("time_wait: 0s", "time_wait: 60s", StringComparison.Ordinal));
        Assert.True(Simulator.Core.Chaos.Invariants.VariantsAllowStaleData(Simulator.Cli.Yaml.ScenarioLoader.Parse(File.ReadAllText(ShippedScenarios.File("why/no-time-wait-stale-data")), "x.yaml").Scenario!));
        Assert.False(Simulator.Core.Chaos.Invariants.VariantsAllowStaleData(Simulator.Cli.Yaml.ScenarioLoader.Parse(File.ReadAllText(real), "real.yaml").Scenario!));
    }

    [Fact]
    public void InvalidScenario_ExitsTwoWithFileLineColumn()
    {
        using var temp = new TempFolder();
        string scenario = temp.Write("bad.yaml", ScenarioText.Base + "chaos:\n  max_faults: many\n");
        var (code, _, stderr) = CliRun.Invoke("chaos", scenario, "--runs", "5");
        Assert.Equal(2, code);
        Assert.Contains("bad.yaml:20:15: 'max_faults'", stderr);
    }

    [Fact]
    public void ChaosSection_ReadsBounds()
    {
        Scenario s = ScenarioText.Valid(ScenarioText.Base
            + "chaos:\n  max_faults: 5\n  actions: [delay]\n  flags: [FIN, DATA]\n  max_nth: 2\n  max_delay: 40ms\n  max_loss: 1%\n  max_duplicate: 0\n  max_jitter: 3ms\n");
        ChaosBounds b = s.Chaos!;
        Assert.Equal(5, b.MaxFaults);
        Assert.Equal([FaultAction.Delay], b.Actions);
        Assert.Equal([SegmentKind.Fin, SegmentKind.Data], b.Kinds);
        Assert.Equal(2, b.MaxNth);
        Assert.Equal(0.01, b.MaxLoss);
        Assert.Equal(0, b.MaxDuplicate);
    }

    [Fact]
    public void ChaosSection_UnknownAction_IsAnErrorWithAHint()
    {
        ScenarioText.Single(ScenarioText.Base + "chaos:\n  actions: [dorp]\n", 20, 13, "unknown value 'dorp' (did you mean 'drop'?)");
    }

    [Fact]
    public void InvariantExpectation_ReadsAndChecks()
    {
        Scenario s = ScenarioText.Valid(ScenarioText.Base + "expect:\n  - invariant: delivery\n  - invariant: all\n");
        Assert.Equal([new InvariantExpectation("delivery") { Where = s.Expectations[0].Where }, new InvariantExpectation("all") { Where = s.Expectations[1].Where }], s.Expectations);
        var trace = ScenarioRunner.Run(s).Trace!;
        Assert.All(ExpectationChecker.Check(s.Expectations, trace), r => Assert.True(r.Passed, r.Text));
        ScenarioText.Single(ScenarioText.Base + "expect:\n  - invariant: timer\n", 20, 16, "unknown invariant 'timer' (did you mean 'timers'?)");
    }
}
