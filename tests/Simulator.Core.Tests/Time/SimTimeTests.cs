using Simulator.Core.Time;

namespace Simulator.Core.Tests.Time;

public sealed class SimTimeTests
{
    [Theory]
    [InlineData(0L, "0.000")]
    [InlineData(1_013_914_000L, "1013.914")]
    [InlineData(1_013_914_499L, "1013.914")]
    [InlineData(1_013_914_500L, "1013.915")]
    [InlineData(15_000L, "0.015")]
    public void ToMillisecondsString_RoundsToMicroseconds(long ns, string expected) =>
        Assert.Equal(expected, new SimTime(ns).ToMillisecondsString());

    [Theory]
    [InlineData(250_000L, "250us")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(40_000_000L, "40ms")]
    [InlineData(7L, "7ns")]
    public void Duration_PrintsInScenarioSyntax(long ns, string expected) =>
        Assert.Equal(expected, new SimDuration(ns).ToString());

    [Fact]
    public void Addition_SaturatesAtMaxValue() =>
        Assert.Equal(SimTime.MaxValue, SimTime.MaxValue + SimDuration.FromSeconds(1));
}
