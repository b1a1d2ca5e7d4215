using Simulator.Core.Scenarios;
using Simulator.Core.Time;

namespace Simulator.Cli.Tests;

public sealed class LinkTests
{
    /// <summary>Three hosts (lines 1-5) and "links:" on line 6; link items start on line 7.</summary>
    private const string Head = "name: t\nhosts:\n  a: 10.0.0.1\n  b: 10.0.0.2\n  c: 10.0.0.3\nlinks:\n";

    private const string Tail = "endpoints:\n  s: { host: b, port: 80, steps: [ { do: listen } ] }\n  k: { host: a, steps: [ { do: connect, to: s } ] }\n";

    private static string Links(string items) => Head + items + Tail;

    [Fact]
    public void PerDirectionOverridesReplaceOnlyWhatTheyName()
    {
        Scenario s = ScenarioText.Valid(Links(
            "  - between: [a, b]\n    delay: 10ms\n    jitter: 1ms\n    loss: 1%\n    a>b: { delay: 5ms }\n    b>a: { bandwidth: 10Mbps, loss: 0.5 }\n"));
        LinkSpec link = Assert.Single(s.Links);
        Assert.Equal(new LinkDirectionSpec(SimDuration.FromMilliseconds(5), SimDuration.FromMilliseconds(1), 0.01, 0, null), link.AToB);
        Assert.Equal(new LinkDirectionSpec(SimDuration.FromMilliseconds(10), SimDuration.FromMilliseconds(1), 0.5, 0, 10_000_000), link.BToA);
    }

    [Fact]
    public void OverrideKeyIsReadFromEitherEnd()
    {
        Scenario s = ScenarioText.Valid(Links("  - between: [b, a]\n    delay: 0s\n    a>b: { duplicate: 0.25 }\n"));
        LinkSpec link = s.Links[0];
        Assert.Equal(("b", "a"), (link.A, link.B));
        Assert.Equal(0.25, link.BToA.Duplicate);
        Assert.Equal(0, link.AToB.Duplicate);
    }

    [Fact]
    public void MissingDelayIsAnError() =>
        ScenarioText.Single(Links("  - between: [a, b]\n    jitter: 1ms\n"), 7, 5, "link is missing 'delay' (the one-way propagation delay");

    [Fact]
    public void BetweenNeedsTwoHosts() =>
        ScenarioText.Single(Links("  - between: [a]\n    delay: 1ms\n"), 7, 14, "'between' must list exactly two hosts");

    [Fact]
    public void BetweenNeedsDistinctHosts() =>
        ScenarioText.Single(Links("  - between: [a, a]\n    delay: 1ms\n"), 7, 14, "two different hosts, not 'a' twice");

    [Fact]
    public void BetweenUnknownHostGetsAHint() =>
        ScenarioText.Single(Links("  - between: [a, bb]\n    delay: 1ms\n"), 7, 18, "unknown host 'bb' in 'between' (did you mean 'b'?); hosts: a, b, c");

    [Fact]
    public void DuplicateLinkBetweenTheSamePair()
    {
        var error = ScenarioText.Single(Links("  - between: [a, b]\n    delay: 1ms\n  - between: [b, a]\n    delay: 2ms\n"), 9, 5, "there is already a link between 'b' and 'a' (line 7, column 5)");
        Assert.Contains("'b>a' overrides", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DirectionKeyMustNameTheLinksHosts() =>
        ScenarioText.Single(Links("  - between: [a, b]\n    delay: 1ms\n    a>c: { loss: 0.1 }\n"), 9, 7, "direction 'a>c' names 'c', which is not a host of this link; use 'a>b' or 'b>a'");

    [Fact]
    public void DirectionKeyTypoGetsAHint()
    {
        string text = "name: t\nhosts:\n  alpha: 10.0.0.1\n  b: 10.0.0.2\nlinks:\n  - between: [alpha, b]\n    delay: 1ms\n"
            + "    alpah>b: { loss: 0.1 }\nendpoints:\n  s: { host: b, port: 80, steps: [ { do: listen } ] }\n";
        ScenarioText.Single(text, 8, 5, "names 'alpah', which is not a host of this link (did you mean 'alpha'?)");
    }

    [Fact]
    public void DirectionFromAHostToItself() =>
        ScenarioText.Single(Links("  - between: [a, b]\n    delay: 1ms\n    a>a: { loss: 0.1 }\n"), 9, 5, "must go from one host of the link to the other");

    [Fact]
    public void MalformedDirectionKey() =>
        ScenarioText.Single(Links("  - between: [a, b]\n    delay: 1ms\n    a>b>c: { loss: 0.1 }\n"), 9, 5, "'a>b>c' is not a direction; write '<from>><to>'");

    [Fact]
    public void UnknownKeyInsideAnOverride() =>
        ScenarioText.Single(Links("  - between: [a, b]\n    delay: 1ms\n    a>b: { dealy: 1ms }\n"), 9, 12, "unknown key 'dealy' in link direction 'a>b' (did you mean 'delay'?); allowed: delay, jitter, loss, duplicate, bandwidth");

    [Theory]
    [InlineData("    bandwidth: 100\n", 9, 16, "'bandwidth': '100' has no unit")]
    [InlineData("    loss: 1.5\n", 9, 11, "'loss': '1.5' is not a probability")]
    [InlineData("    duplicate: -1\n", 9, 16, "'duplicate': '-1' is not a probability")]
    [InlineData("    jitter: 3\n", 9, 13, "'jitter': '3' has no unit")]
    public void BadLinkValues(string line, int row, int column, string fragment) =>
        ScenarioText.Single(Links("  - between: [a, b]\n    delay: 1ms\n" + line), row, column, fragment);

    [Fact]
    public void LinksMustBeAList() =>
        ScenarioText.Single(Head.TrimEnd('\n') + " { between: [a, b] }\n" + Tail, 6, 8, "'links' must be a list");
}
