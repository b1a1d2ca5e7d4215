using Simulator.Cli.Yaml;

namespace Simulator.Cli.Tests;

public sealed class DidYouMeanTests
{
    private static readonly string[] LinkKeys = ["between", "delay", "jitter", "loss", "duplicate", "bandwidth"];

    [Theory]
    [InlineData("dleay", "delay")]
    [InlineData("Delay", "delay")]
    [InlineData("jiter", "jitter")]
    [InlineData("bandwith", "bandwidth")]
    [InlineData("duplicat", "duplicate")]
    public void SuggestsTheClosestKey(string typo, string expected) => Assert.Equal(expected, DidYouMean.Closest(typo, LinkKeys));

    [Theory]
    [InlineData("colour")]
    [InlineData("x")]
    [InlineData("")]
    public void StaysQuietWhenNothingIsClose(string input) => Assert.Null(DidYouMean.Closest(input, LinkKeys));

    [Theory]
    [InlineData("ab", "ba", 1)]
    [InlineData("delay", "delay", 0)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance(string a, string b, int expected) => Assert.Equal(expected, DidYouMean.Distance(a, b));

    [Fact]
    public void UnknownKeyMessageHasHintAndAllowedList()
    {
        var error = ScenarioText.Single(ScenarioText.Base.Replace("    delay: 1ms", "    dleay: 1ms", StringComparison.Ordinal) + "", 7, 5, "unknown key 'dleay' in link (did you mean 'delay'?); allowed: between, delay, jitter, loss, duplicate, bandwidth, <from>><to>");
        Assert.Equal("test.yaml:7:5: unknown key 'dleay' in link (did you mean 'delay'?); allowed: between, delay, jitter, loss, duplicate, bandwidth, <from>><to>", error.ToString());
    }
}
