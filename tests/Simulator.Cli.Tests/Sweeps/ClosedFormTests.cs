using Simulator.Core.Sweeps;

namespace Simulator.Cli.Tests.Sweeps;

/// <summary>
/// The sweep's estimates against closed forms. Loss p only from client to server, a lossless way back: each SYN
/// is lost independently with probability p, and the first SYN that arrives is answered at once, so connect()
/// succeeds after exactly k retransmissions with probability p^k(1-p) and fails, after n SYNs, with p^n. Every
/// estimate must lie in its 99.9 % Wilson interval; the seeds are fixed, so the test always sees the same runs.
/// </summary>
public sealed class ClosedFormTests
{
    private const string Scenario = """
        name: syn-loss
        seed: 1
        hosts: { client: 10.77.0.1, server: 10.77.0.2 }
        links:
          - between: [client, server]
            delay: 15us
            client>server: { loss: 0 }
        endpoints:
          server:
            host: server
            port: 5000
            steps:
              - do: listen
          client:
            host: client
            steps:
              - at: 0s
                do: connect
                to: server:5000
        """;

    /// <summary>The connect time when the SYN sent at <paramref name="sentMs"/> gets through: one 30 µs round trip later.</summary>
    private static long ConnectUs(long sentMs) => sentMs * 1000 + 30;

    private static IReadOnlyList<RunSummary> Sweep(TempFolder temp, string seeds, params string[] vary)
    {
        string file = temp.Write("syn-loss.yaml", Scenario);
        string output = Path.Combine(temp.Path, "sweep");
        var (code, _, stderr) = CliRun.Invoke(["sweep", file, .. vary.SelectMany(v => new[] { "--vary", v }), "--seeds", seeds, "--out", output]);
        Assert.True(code == 0, stderr);
        return SweepCsv.ReadRuns(File.ReadAllText(Path.Combine(output, "runs.csv")), "runs.csv").Rows;
    }

    private static void AssertInInterval(double expected, long count, long runs, string what)
    {
        var (low, high) = Statistics.Wilson(count, runs, Statistics.Z999);
        Assert.True(expected >= low && expected <= high,
            $"{what}: closed form {expected:F5}, sweep {count}/{runs} = {(double)count / runs:F5}, 99.9 % interval [{low:F5}, {high:F5}]");
    }

    [Fact]
    public void ThreeSyns_FailureIsPToTheN_SuccessAfterKRetransmissionsIsPToTheKTimesOneMinusP()
    {
        using var temp = new TempFolder();
        // syn_retries 2 without linear timeouts: SYNs at 0, 1 and 3 s, ETIMEDOUT at 7 s.
        var rows = Sweep(temp, "1..3000", "links[0].client>server.loss=0.2,0.5,0.8",
            "endpoints.client.tcp.syn_retries=2", "endpoints.client.tcp.syn_linear_timeouts=0");
        long[] synSentMs = [0, 1000, 3000];
        foreach (var point in rows.GroupBy(r => r.Values[0]))
        {
            double p = double.Parse(point.Key, System.Globalization.CultureInfo.InvariantCulture);
            long n = point.Count();
            Assert.Equal(3000, n);
            AssertInInterval(Math.Pow(p, 3), point.Count(r => r.ConnectResult == "ETIMEDOUT"), n, $"p={p} connect fails");
            Assert.All(point.Where(r => r.ConnectResult == "ETIMEDOUT"), r => Assert.Equal(7_000_000, r.ConnectUs));
            for (int k = 0; k < 3; k++)
                AssertInInterval(Math.Pow(p, k) * (1 - p), point.Count(r => r.Connected && r.ConnectUs == ConnectUs(synSentMs[k])), n,
                    $"p={p} success after {k} retransmissions");
            Assert.Equal(n, point.Count(r => r.ConnectResult == "ETIMEDOUT" || synSentMs.Any(t => r.ConnectUs == ConnectUs(t))));
        }
    }

    [Fact]
    public void LinuxSchedule_ConnectTimeCdf_IsOneMinusPToTheKPlusOne()
    {
        using var temp = new TempFolder();
        // Linux defaults (tcp_syn_retries 6, tcp_syn_linear_timeouts 4): SYNs at 0, 1, 2, 3, 4, 5, 7, 11, 19, 35 and
        // 67 s (PROFILES.md). P(connect by the k-th SYN) = 1 - p^(k+1); all 11 lost, p^11, ETIMEDOUT at 131 s.
        long[] synSentMs = [0, 1000, 2000, 3000, 4000, 5000, 7000, 11000, 19000, 35000, 67000];
        var rows = Sweep(temp, "1..4000", "links[0].client>server.loss=0.5");
        const double p = 0.5;
        long n = rows.Count;
        for (int k = 0; k < synSentMs.Length; k++)
            AssertInInterval(1 - Math.Pow(p, k + 1), rows.Count(r => r.Connected && r.ConnectUs <= ConnectUs(synSentMs[k])), n, $"P(connect <= SYN {k})");
        AssertInInterval(Math.Pow(p, 11), rows.Count(r => r.ConnectResult == "ETIMEDOUT"), n, "all 11 SYNs lost");
        Assert.All(rows.Where(r => r.Connected), r => Assert.Contains(r.ConnectUs!.Value, synSentMs.Select(ConnectUs)));
    }
}
