using Simulator.Cli.Yaml;
using Simulator.Core.Time;

namespace Simulator.Cli.Tests;

public sealed class ScalarValueTests
{
    [Theory]
    [InlineData("250us", 250_000L)]
    [InlineData("10ms", 10_000_000L)]
    [InlineData("1.5s", 1_500_000_000L)]
    [InlineData("2min", 120_000_000_000L)]
    [InlineData("7ns", 7L)]
    [InlineData("0s", 0L)]
    [InlineData("0.000001ms", 1L)]
    [InlineData("1.02s", 1_020_000_000L)]
    [InlineData("15µs", 15_000L)]
    [InlineData("9223372036854775807ns", long.MaxValue)]
    public void DurationsConvertExactlyToNanoseconds(string text, long nanoseconds)
    {
        Assert.True(ScalarValues.TryDuration(text, out SimDuration d, out string error), error);
        Assert.Equal(nanoseconds, d.Nanoseconds);
    }

    [Theory]
    [InlineData("10", "has no unit")]
    [InlineData("0", "write 0s for none")]
    [InlineData("0.5ns", "not a whole number of nanoseconds")]
    [InlineData("1.0000000001s", "not a whole number of nanoseconds")]
    [InlineData("9223372036854775808ns", "too long")]
    [InlineData("99999999999999999999999999999999min", "too large")]
    [InlineData("-1s", "negative")]
    [InlineData("10 parsecs", "unknown unit 'parsecs'")]
    [InlineData("2mins", "(did you mean 'min'?)")]
    [InlineData("fast", "not a duration like 250us, 10ms, 1.5s or 2min")]
    public void BadDurationsSayWhatIsAllowed(string text, string fragment)
    {
        Assert.False(ScalarValues.TryDuration(text, out _, out string error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1Gbps", 1_000_000_000L)]
    [InlineData("1.5Mbps", 1_500_000L)]
    [InlineData("64Kbps", 64_000L)]
    [InlineData("9600bps", 9600L)]
    [InlineData("10mbps", 10_000_000L)]
    public void Bandwidths(string text, long bitsPerSecond)
    {
        Assert.True(ScalarValues.TryBandwidth(text, out long bps, out string error), error);
        Assert.Equal(bitsPerSecond, bps);
    }

    [Theory]
    [InlineData("100", "has no unit")]
    [InlineData("0bps", "at least 1bps")]
    [InlineData("1.5bps", "whole number of bits per second")]
    [InlineData("1Tbps", "unknown unit 'Tbps'")]
    public void BadBandwidths(string text, string fragment)
    {
        Assert.False(ScalarValues.TryBandwidth(text, out _, out string error));
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("1", 1.0)]
    [InlineData("0.01", 0.01)]
    [InlineData("5%", 0.05)]
    [InlineData("1e-3", 0.001)]
    public void Probabilities(string text, double expected)
    {
        Assert.True(ScalarValues.TryProbability(text, out double p, out string error), error);
        Assert.Equal(expected, p, 12);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("150%")]
    [InlineData("half")]
    public void BadProbabilities(string text)
    {
        Assert.False(ScalarValues.TryProbability(text, out _, out string error));
        Assert.Contains("probability", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("65535", true)]
    [InlineData("0", false)]
    [InlineData("65536", false)]
    [InlineData("80.5", false)]
    [InlineData("http", false)]
    public void Ports(string text, bool valid)
    {
        Assert.Equal(valid, ScalarValues.TryPort(text, out _, out string error));
        if (!valid) Assert.Contains("1 to 65535", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4096", 4096u)]
    [InlineData("0x1000", 4096u)]
    [InlineData("4294967295", uint.MaxValue)]
    public void SequenceNumbers(string text, uint expected)
    {
        Assert.True(ScalarValues.TryUInt32(text, out uint value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("4294967296")]
    [InlineData("-1")]
    [InlineData("0xZZ")]
    public void BadSequenceNumbers(string text) => Assert.False(ScalarValues.TryUInt32(text, out _, out _));

    [Fact]
    public void ByteCountsAreNonNegativeIntegers()
    {
        Assert.True(ScalarValues.TryByteCount("0", out long zero, out _));
        Assert.Equal(0, zero);
        Assert.False(ScalarValues.TryByteCount("-5", out _, out string negative));
        Assert.Contains("integer from 0", negative, StringComparison.Ordinal);
        Assert.False(ScalarValues.TryByteCount("1.5", out _, out _));
        Assert.False(ScalarValues.TryByteCount("1k", out _, out _));
    }

    [Fact]
    public void SeedsAreUnsigned64Bit()
    {
        Assert.True(ScalarValues.TrySeed("18446744073709551615", out ulong max, out _));
        Assert.Equal(ulong.MaxValue, max);
        Assert.False(ScalarValues.TrySeed("-1", out _, out string error));
        Assert.Contains("integer from 0", error, StringComparison.Ordinal);
    }
}
