using Simulator.Cli.Yaml;

namespace Simulator.Cli.Tests;

public sealed class ErrorCollectionTests
{
    [Fact]
    public void ThreeProblemsGiveThreeErrorsInFileOrder()
    {
        string text = ScenarioText.Base
            .Replace("    delay: 1ms\n", "    delay: 1\n", StringComparison.Ordinal)
            .Replace("    port: 80\n", "    port: 80000\n", StringComparison.Ordinal)
            + "seed: many\n";
        var errors = ScenarioText.Errors(text);
        Assert.Equal(3, errors.Count);
        Assert.Equal(
            [
                "test.yaml:7:12: 'delay': '1' has no unit; expected a duration like 250us, 10ms, 1.5s or 2min (units: ns, us, ms, s, min); write 0s for none",
                "test.yaml:11:11: 'port': '80000' is not a port number (1 to 65535)",
                "test.yaml:19:7: 'seed': 'many' is not a seed; use an integer from 0 to 18446744073709551615",
            ],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void ErrorsInEverySectionAreReported()
    {
        string text =
            """
            name: t
            hosts: { a: 10.0.0.1, b: 10.0.0.2 }
            links: [ { between: [a, b], delay: 1ms, lost: 0.1 } ]
            faults: [ { drop: { from: a, flags: SYN, nth: first } } ]
            endpoints:
              s: { host: b, port: 80, steps: [ { do: listen } ] }
              k: { host: a, steps: [ { do: connect, to: s }, { on: established, do: sned } ] }
            inject: [ { at: 1s, segment: { from: "a:1", to: "b:80", flags: SYNN, seq: 1 } } ]
            expect: [ { endpoint: k, final: DONE } ]

            """;
        var errors = ScenarioText.Errors(text);
        Assert.Equal([3, 4, 7, 8, 9], errors.Select(e => e.Line));
        Assert.Contains("(did you mean 'loss'?)", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'nth': 'first'", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("(did you mean 'send'?)", errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("'SYNN'", errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("unknown state 'DONE'", errors[4].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadingStopsAfterAHundredErrors()
    {
        string hosts = string.Concat(Enumerable.Range(0, 150).Select(i => $"  h{i}: 300.0.0.{i}\n"));
        var errors = ScenarioText.Errors("name: t\nhosts:\n" + hosts + "inject: []\n");
        Assert.Equal(101, errors.Count);
        Assert.All(errors.Take(100), e => Assert.Contains("is not an IPv4 address", e.Message, StringComparison.Ordinal));
        Assert.Equal("test.yaml:1:1: too many errors; stopped after the first 100", errors[100].ToString());
    }

    [Fact]
    public void LongNameListsAreShortened()
    {
        string hosts = string.Concat(Enumerable.Range(0, 30).Select(i => $"  h{i}: 10.0.0.{i}\n"));
        var errors = ScenarioText.Errors("name: t\nhosts:\n" + hosts + "faults: [ { drop: { from: zz } } ]\ninject: []\n");
        ScenarioText.Has(errors, 33, 27, "unknown host 'zz' in 'from'; hosts: h0, h1, h2, h3, h4, h5, h6, h7, h8, h9, h10, h11, h12, h13, h14, h15, h16, h17, h18, h19, … (10 more)");
    }

    [Fact]
    public void TooManyNodesWithoutAliasesSaysSo()
    {
        string items = string.Concat(Enumerable.Range(0, 120_000).Select(_ => "  - 1\n"));
        ScenarioError error = Assert.Single(ScenarioText.Errors("name: t\nx:\n" + items));
        Assert.Contains("the document has more than 100000 nodes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorToStringIsFileLineColumnMessage() =>
        Assert.Equal("x.yaml:3:14: boom", new Yaml.ScenarioError("x.yaml", 3, 14, "boom").ToString());
}
