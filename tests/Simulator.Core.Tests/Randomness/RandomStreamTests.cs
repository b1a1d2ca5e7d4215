using Simulator.Core.Randomness;

namespace Simulator.Core.Tests.Randomness;

public sealed class RandomStreamTests
{
    [Fact]
    public void SameSeedAndName_GiveTheSameSequence()
    {
        var a = new RandomStream(42, "link/a>b");
        var b = new RandomStream(42, "link/a>b");
        Assert.Equal(Enumerable.Range(0, 100).Select(_ => a.NextUInt64()), Enumerable.Range(0, 100).Select(_ => b.NextUInt64()));
    }

    [Fact]
    public void StreamsWithOtherNamesOrSeeds_Differ()
    {
        ulong x = new RandomStream(42, "link/a>b").NextUInt64();
        Assert.NotEqual(x, new RandomStream(42, "link/b>a").NextUInt64());
        Assert.NotEqual(x, new RandomStream(43, "link/a>b").NextUInt64());
    }

    [Fact]
    public void NextDouble_IsUniformEnough()
    {
        var r = new RandomStream(1, "uniform");
        int below = 0;
        for (int i = 0; i < 100_000; i++) if (r.NextDouble() < 0.25) below++;
        Assert.InRange(below, 24_000, 26_000);
    }

    [Fact]
    public void Chance_WithZeroOrOne_DrawsNothing()
    {
        var a = new RandomStream(1, "x");
        var b = new RandomStream(1, "x");
        Assert.False(a.Chance(0));
        Assert.True(a.Chance(1));
        Assert.Equal(b.NextUInt64(), a.NextUInt64());
    }

    [Fact]
    public void NextInclusive_StaysInRange()
    {
        var r = new RandomStream(5, "range");
        for (int i = 0; i < 10_000; i++) Assert.InRange(r.NextInclusive(7), 0, 7);
    }
}
