using Simulator.Core.Sweeps;

namespace Simulator.Core.Tests.Sweeps;

public sealed class SweepValuesTests
{
    [Theory]
    [InlineData("0,0.01,0.05", new[] { "0", "0.01", "0.05" })]
    [InlineData("0:0.1:0.02", new[] { "0.00", "0.02", "0.04", "0.06", "0.08", "0.10" })]
    [InlineData("1:6:1", new[] { "1", "2", "3", "4", "5", "6" })]
    [InlineData("1:6:2", new[] { "1", "3", "5" })]
    [InlineData("10ms:50ms:20ms", new[] { "10ms", "30ms", "50ms" })]
    [InlineData("all", new[] { "all" })]
    public void Parses_ListsAndInclusiveRanges(string text, string[] expected) =>
        Assert.Equal(expected, SweepValues.TryParse(text, out _));

    [Theory]
    [InlineData("0,,1", "empty value")]
    [InlineData("1,1", "twice")]
    [InlineData("5:1:1", "start <= stop")]
    [InlineData("0:1:0", "step greater than 0")]
    [InlineData("1ms:5s:1ms", "same unit")]
    [InlineData("a:b:c", "not a number")]
    [InlineData("0:1:0.000001", "at most")]
    public void Rejects_WithTheReason(string text, string reason)
    {
        Assert.Null(SweepValues.TryParse(text, out string error));
        Assert.Contains(reason, error);
    }

    [Theory]
    [InlineData("1..1000", 1UL, 1000UL)]
    [InlineData("7", 7UL, 7UL)]
    public void Seeds_Range(string text, ulong first, ulong last) =>
        Assert.Equal(new SeedRange(first, last), SweepValues.TryParseSeeds(text, out _));

    [Theory]
    [InlineData("5..1")]
    [InlineData("1-10")]
    [InlineData("")]
    public void Seeds_Invalid(string text) => Assert.Null(SweepValues.TryParseSeeds(text, out _));
}
