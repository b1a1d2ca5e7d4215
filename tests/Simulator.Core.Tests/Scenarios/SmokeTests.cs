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
}
