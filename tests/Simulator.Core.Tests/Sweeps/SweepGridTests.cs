using Simulator.Core.Sweeps;

namespace Simulator.Core.Tests.Sweeps;

public sealed class SweepGridTests
{
    private static readonly SweepGrid Grid = new(
        [new SweepAxis("loss", ["0", "0.1"]), new SweepAxis("retries", ["1", "2", "3"])], new SeedRange(10, 13));

    [Fact]
    public void Counts_PointsTimesSeeds()
    {
        Assert.Equal(6, Grid.PointCount);
        Assert.Equal(24, Grid.RunCount);
    }

    [Fact]
    public void Run_IsPointMajor_LastAxisFastest()
    {
        Assert.Equal((0L, 10UL), (Grid.PointOf(0), Grid.SeedOf(0)));
        Assert.Equal((0L, 13UL), (Grid.PointOf(3), Grid.SeedOf(3)));
        Assert.Equal((1L, 10UL), (Grid.PointOf(4), Grid.SeedOf(4)));
        Assert.Equal(["0", "2"], Grid.ValuesAt(1));
        Assert.Equal(["0.1", "1"], Grid.ValuesAt(3));
        Assert.Equal(["0.1", "3"], Grid.ValuesAt(5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(24)]
    [InlineData(30)]
    public void Shards_PartitionTheRuns(int n)
    {
        var seen = new List<long>();
        for (int k = 1; k <= n; k++)
        {
            var shard = new Shard(k, n);
            long count = shard.RunCountOf(Grid.RunCount);
            for (long i = 0; i < count; i++)
            {
                Assert.True(shard.Contains(shard.RunAt(i)));
                seen.Add(shard.RunAt(i));
            }
        }
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (long)i), seen.Order());
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("3")]
    [InlineData("a/b")]
    [InlineData("-1/2")]
    public void Shard_Invalid_SaysWhatToWrite(string text)
    {
        Assert.Null(Shard.TryParse(text, out string error));
        Assert.Contains("K/N", error);
    }
}
