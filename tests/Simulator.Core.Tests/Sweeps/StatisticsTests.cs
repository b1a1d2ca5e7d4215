using Simulator.Core.Sweeps;

namespace Simulator.Core.Tests.Sweeps;

public sealed class StatisticsTests
{
    [Theory]
    // Reference values: Wilson (1927) score interval, as in Newcombe (1998) table I and R's binom::binom.wilson.
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(81, 263, 0.2553, 0.3662)]
    public void Wilson_95_MatchesPublishedIntervals(long successes, long trials, double low, double high)
    {
        var (l, h) = Statistics.Wilson(successes, trials);
        Assert.Equal(low, l, 4);
        Assert.Equal(high, h, 4);
    }

    [Fact]
    public void Wilson_999_IsWiderThan_95()
    {
        var (l95, h95) = Statistics.Wilson(30, 100);
        var (l999, h999) = Statistics.Wilson(30, 100, Statistics.Z999);
        Assert.True(l999 < l95 && h999 > h95);
    }

    [Theory]
    [InlineData(0.50, 5)]
    [InlineData(0.90, 9)]
    [InlineData(0.99, 10)]
    [InlineData(0.10, 1)]
    [InlineData(0.11, 2)]
    [InlineData(1.00, 10)]
    public void Quantile_NearestRank_OfOneToTen(double q, long expected) =>
        Assert.Equal(expected, Statistics.Quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], q));

    [Fact]
    public void Quantile_OfOneValue_IsThatValue() => Assert.Equal(7, Statistics.Quantile([7], 0.99));
}
