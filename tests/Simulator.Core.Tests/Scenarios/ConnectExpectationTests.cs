using Simulator.Core.Scenarios;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Scenarios;

public sealed class ConnectExpectationTests
{
    /// <summary>An endpoint that connected twice: ok at 10 ms, EADDRINUSE at 1 s.</summary>
    private static Trace TwoConnects()
    {
        var trace = new Trace("t", null, 1, "linux", []);
        trace.Add(new AppResult(SimTime.Zero + SimDuration.FromMilliseconds(10), "client", "connect", "ok", null));
        trace.Add(new AppResult(SimTime.Zero + SimDuration.FromSeconds(1), "client", "connect", "EADDRINUSE", null));
        return trace;
    }

    private static bool Passes(string result, SimDuration? at) =>
        ExpectationChecker.Check(new ConnectExpectation("client", result, at is SimDuration d ? SimTime.Zero + d : null, null), TwoConnects()).Passed;

    [Fact]
    public void WithoutAt_TheFirstConnectCounts()
    {
        Assert.True(Passes("ok", null));
        Assert.False(Passes("EADDRINUSE", null));
    }

    [Fact]
    public void WithAt_TheConnectNearestToItCounts()
    {
        Assert.True(Passes("EADDRINUSE", SimDuration.FromSeconds(1)));
        Assert.False(Passes("ok", SimDuration.FromSeconds(1)));
        Assert.True(Passes("ok", SimDuration.FromMilliseconds(10)));
        Assert.False(Passes("EADDRINUSE", SimDuration.FromMilliseconds(500)));   // nearest is neither within 1 ms
    }
}
