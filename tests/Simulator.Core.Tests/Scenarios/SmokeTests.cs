using Simulator.Core.Scenarios;
using Simulator.Core.Tests.Support;
using Xunit.Abstractions;

namespace Simulator.Core.Tests.Scenarios;

public sealed class SmokeTests(ITestOutputHelper output)
{
    [Fact]
    public void Normal_Dump()
    {
        var trace = ScenarioBuilder.ClientServer()
            .Server(Step.On(AppEventKind.Received, Step.Send(100), afterMs: 2, bytes: 100), Step.On(AppEventKind.Eof, Step.Close(), afterMs: 0.4))
            .Client(Step.At(0, Step.Connect()), Step.On(AppEventKind.Established, Step.Send(100)), Step.On(AppEventKind.Received, Step.Close(), bytes: 100))
            .Run();
        output.WriteLine(trace.Dump());
        Assert.NotEmpty(trace.Wire());
    }

    [Theory]
    [InlineData("synack")]
    [InlineData("syntimeout")]
    [InlineData("finalack")]
    [InlineData("stale")]
    [InlineData("simclose")]
    [InlineData("lastack")]
    public void Dump(string which)
    {
        var b = ScenarioBuilder.ClientServer()
            .Server(Step.On(AppEventKind.Received, Step.Send(100), bytes: 100), Step.On(AppEventKind.Eof, Step.Close()))
            .Client(Step.At(0, Step.Connect()), Step.On(AppEventKind.Established, Step.Send(100), afterMs: which == "finalack" ? 5000 : 0), Step.On(AppEventKind.Received, Step.Close(), bytes: 100));
        if (which == "synack") b.Fault(Simulator.Core.Scenarios.FaultAction.Drop, "server", Simulator.Core.Network.SegmentKind.SynAck);
        if (which == "syntimeout") b.Fault(Simulator.Core.Scenarios.FaultAction.Drop, "client", Simulator.Core.Network.SegmentKind.Syn, nth: null);
        if (which == "finalack") b.Fault(Simulator.Core.Scenarios.FaultAction.Drop, "client", Simulator.Core.Network.SegmentKind.Ack);
        if (which == "lastack") b.Fault(Simulator.Core.Scenarios.FaultAction.Drop, "client", Simulator.Core.Network.SegmentKind.Ack, nth: 3);
        if (which == "stale")
            b = ScenarioBuilder.ClientServer().Server().Inject(Simulator.Core.Time.SimTime.Zero, "client", 40001, "server", 5000, Simulator.Core.Tcp.TcpFlags.Syn, 4096);
        if (which == "simclose")
            b = ScenarioBuilder.ClientServer(Simulator.Core.Time.SimDuration.FromMilliseconds(30)).Server(Step.At(1000, Step.Close())).Client(Step.At(0, Step.Connect()), Step.At(1000, Step.Close()));
        var trace = b.Run();
        output.WriteLine(trace.Dump());
    }
}
