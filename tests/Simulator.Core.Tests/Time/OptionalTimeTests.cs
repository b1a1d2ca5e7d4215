using Simulator.Core.Time;

namespace Simulator.Core.Tests.Time;

public sealed class OptionalTimeTests
{
    [Fact]
    public void The_default_is_none_and_falls_back()
    {
        OptionalTime none = default;
        Assert.False(none.HasValue);
        Assert.False(none.TryGet(out _));
        Assert.Equal(new SimTime(7), none.Or(new SimTime(7)));
        Assert.False(OptionalTime.None.HasValue);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(60_000_000_000L)]
    [InlineData(long.MaxValue)]
    public void An_instant_round_trips_the_scenario_start_and_the_end_of_time_included(long ns)
    {
        OptionalTime t = new SimTime(ns);
        Assert.True(t.HasValue);
        Assert.True(t.TryGet(out SimTime back));
        Assert.Equal(ns, back.Nanoseconds);
        Assert.Equal(ns, t.Or(SimTime.Zero).Nanoseconds);
    }
}
