using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Sweeps;
using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;

namespace Simulator.Core.Tests.Sweeps;

public sealed class RunSummaryTests
{
    /// <summary>Lossy both ways, data both ways, then a close: retransmissions, a close time and every state.</summary>
    private static Scenario Lossy() => ScenarioBuilder.ClientServer()
        .Link(new LinkDirectionSpec(SimDuration.FromMilliseconds(5), SimDuration.Zero, 0.2, 0, null))
        .Server(Step.On(AppEventKind.Received, Step.Send(100), bytes: 100), Step.On(AppEventKind.Eof, Step.Close()))
        .Client(Step.At(0, Step.Connect()), Step.On(AppEventKind.Established, Step.Send(100)), Step.On(AppEventKind.Received, Step.Close(), bytes: 100))
        .Build();

    private static RunSummary Summarise(Scenario scenario, ulong seed, TraceMode mode)
    {
        RunResult result = ScenarioRunner.Run(scenario, new RunOptions { Seed = seed, TraceMode = mode });
        return RunSummary.FromTrace(0, [], result.Trace!, result, [], StateColumns.For(scenario));
    }

    [Fact]
    public void LifecycleTrace_GivesTheSameRow_AsTheFullTrace()
    {
        Scenario scenario = Lossy();
        StateColumns columns = StateColumns.For(scenario);
        int retransmitted = 0;
        for (ulong seed = 1; seed <= 40; seed++)
        {
            RunSummary full = Summarise(scenario, seed, TraceMode.Full), lifecycle = Summarise(scenario, seed, TraceMode.Lifecycle);
            Assert.Equal(SweepCsv.WriteRuns([], columns, [full]), SweepCsv.WriteRuns([], columns, [lifecycle]));
            if (full.Retransmissions > 0) retransmitted++;
        }
        Assert.True(retransmitted > 5, "the loss rate should make some runs retransmit");
    }

    [Fact]
    public void Row_CountsRetransmissionsAsTheTraceShowsThem()
    {
        Scenario scenario = Lossy();
        for (ulong seed = 1; seed <= 20; seed++)
        {
            RunResult result = ScenarioRunner.Run(scenario, new RunOptions { Seed = seed });
            RunSummary row = RunSummary.FromTrace(0, [], result.Trace!, result, [], StateColumns.For(scenario));
            Assert.Equal(result.Trace!.OfType<Tracing.SegmentSent>().Count(s => s.Retransmission), row.Retransmissions);
            Assert.Equal(result.Trace!.OfType<Tracing.SegmentSent>().Count(), row.Segments);
        }
    }

    [Fact]
    public void Row_TimesInStates_AddUpToTheEndpointsLife()
    {
        Scenario scenario = Lossy();
        RunSummary row = Summarise(scenario, 3, TraceMode.Full);
        StateColumns columns = StateColumns.For(scenario);
        Assert.Equal(["server#1", "client"], columns.Endpoints);
        Assert.Equal("ok", row.ConnectResult);
        // The client lives from connect() at 0 to CLOSED after TIME-WAIT (60 s on linux), which ends the run.
        long client = row.StateUs.Skip(StateColumns.States.Count).Sum();
        Assert.Equal(row.EndUs, client);
        Assert.Equal(60_000_000, row.StateUs[columns.IndexOf("client", TcpState.TimeWait)]);
        Assert.Equal(row.ConnectUs, row.StateUs[columns.IndexOf("client", TcpState.SynSent)]);
        Assert.NotNull(row.CloseUs);
    }

    [Fact]
    public void Row_NoConnect_IsNone()
    {
        Scenario scenario = ScenarioBuilder.ClientServer().Server().Build();
        RunSummary row = Summarise(scenario, 1, TraceMode.Lifecycle);
        Assert.Equal((RunSummary.NoConnect, (long?)null, (long?)null), (row.ConnectResult, row.ConnectUs, row.CloseUs));
    }
}
