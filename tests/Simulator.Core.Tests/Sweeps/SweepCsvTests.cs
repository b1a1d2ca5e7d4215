using Simulator.Core.Sweeps;

namespace Simulator.Core.Tests.Sweeps;

public sealed class SweepCsvTests
{
    private static readonly StateColumns States = new(["client"]);

    private static RunSummary Row(long run, string loss, string result, long? connectUs) =>
        SweepRows.Row(run, [loss, "a,\"b\""], result, connectUs, StateColumns.States.Count) with
        {
            EndUs = 61_000_590, Segments = 14, Lost = 1, Retransmissions = 3, ExpectationsPassed = 6,
        };

    [Fact]
    public void Runs_RoundTrip_ToEqualRowsAndText()
    {
        RunSummary[] rows = [Row(0, "0.1", "ok", 1_000_030), Row(1, "0.1", "ETIMEDOUT", 7_000_000), Row(2, "0.2", "none", null)];
        string[] keys = ["links[0].loss", "odd,key"];
        string text = SweepCsv.WriteRuns(keys, States, rows);

        RunTable table = SweepCsv.ReadRuns(text, "runs.csv");

        Assert.Equal(keys, table.Keys);
        Assert.Equal(States.Names, table.States.Names);
        Assert.Equal(text, SweepCsv.WriteRuns(table.Keys, table.States, table.Rows));
        Assert.Equal(rows.Select(r => (r.Run, r.ConnectUs, r.Values[1])), table.Rows.Select(r => (r.Run, r.ConnectUs, r.Values[1])));
    }

    [Fact]
    public void Runs_Header_HasTheIssueColumnsInOrder()
    {
        string header = SweepCsv.WriteRuns(["links[0].loss"], States, []).TrimEnd('\n');
        Assert.StartsWith("run,seed,links[0].loss,connect_result,connect_ms,close_ms,end_ms,segments,lost,retransmissions,"
            + "expectations_passed,expectations_failed,client.LISTEN_ms,client.SYN-SENT_ms", header);
    }

    [Fact]
    public void Runs_TimesAreMillisecondsWithThreeDecimals()
    {
        string line = SweepCsv.WriteRuns([], States, [Row(0, "0", "ok", 1_000_030) with { Values = [] }]).Split('\n')[1];
        Assert.StartsWith("0,1,ok,1000.030,,61000.590,14,1,3,6,0,0.000,1.001,", line);
    }

    [Fact]
    public void Runs_BadLine_NamesTheLine()
    {
        string text = SweepCsv.WriteRuns(["k"], States, [Row(0, "0", "ok", 5) with { Values = ["0"] }]);
        var e = Assert.Throws<FormatException>(() => SweepCsv.ReadRuns(text.Replace("0.005", "0.5", StringComparison.Ordinal), "x/runs.csv"));
        Assert.StartsWith("x/runs.csv:2:", e.Message);
    }

    [Fact]
    public void Summary_RateIntervalQuantilesAndOutcomes()
    {
        RunSummary[] rows =
        [
            Row(0, "0.1", "ok", 1000) with { Values = ["0.1"] }, Row(1, "0.1", "ok", 3000) with { Values = ["0.1"] },
            Row(2, "0.1", "ETIMEDOUT", 7000) with { Values = ["0.1"] }, Row(3, "0.2", "ok", 2000) with { Values = ["0.2"] },
        ];
        string[] lines = SweepCsv.WriteSummary(SweepSummary.Of(["loss"], rows)).Split('\n');
        Assert.Equal("loss,runs,ok,success_rate,success_low95,success_high95,connect_p50_ms,connect_p90_ms,connect_p99_ms,connect_max_ms,"
            + "close_p50_ms,close_p90_ms,close_p99_ms,close_max_ms,outcomes", lines[0]);
        // 2 of 3: Wilson 95 % [0.2077, 0.9385]; connect quantiles over the two successes (1 and 3 ms).
        Assert.Equal("0.1,3,2,0.666667,0.207660,0.938508,1.000,3.000,3.000,3.000,,,,,ok=2;ETIMEDOUT=1", lines[1]);
        Assert.Equal("0.2,1,1,1.000000,0.206549,1.000000,2.000,2.000,2.000,2.000,,,,,ok=1", lines[2]);
    }
}
