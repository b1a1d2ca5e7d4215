using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Time;

namespace Simulator.Cli.Tests;

public sealed class FaultTests
{
    /// <summary>Hosts a, b, c; one link a-b; until 10s; the fault under test is on line 14.</summary>
    private const string Head =
        "name: t\nuntil: 10s\nhosts:\n  a: 10.0.0.1\n  b: 10.0.0.2\n  c: 10.0.0.3\nlinks:\n  - between: [a, b]\n    delay: 1ms\n"
        + "endpoints:\n  s: { host: b, port: 80, steps: [ { do: listen } ] }\n  k: { host: a, steps: [ { do: connect, to: s } ] }\n"
        + "faults:\n";

    private const int Line = 14;

    private static string Faults(params string[] items) => Head + string.Concat(items.Select(i => i + "\n"));

    private static int Col(string line, string token) => line.IndexOf(token, StringComparison.Ordinal) + 1;

    private static FaultRule One(string item) => Assert.Single(ScenarioText.Valid(Faults(item)).Faults);

    [Fact]
    public void DropWithAllMatchers()
    {
        FaultRule f = One("  - drop: { from: a, to: b, flags: DATA, count: 3, after: 1s, before: 2s }");
        Assert.Equal((FaultAction.Drop, "a", "b", SegmentKind.Data), (f.Action, f.From, f.To, f.Kind));
        Assert.Equal(((int?)null, (int?)3), (f.Nth, f.Count));
        Assert.Equal((SimTime.FromSeconds(1), SimTime.FromSeconds(2)), (f.SentAfter!.Value, f.SentBefore!.Value));
        Assert.True(f.Fires(3));
        Assert.False(f.Fires(4));
        Assert.Equal(new SourceSpan(ScenarioText.File, Line, 5), f.Where);
    }

    [Fact]
    public void DefaultsAreAnyFlagsAndEveryMatch()
    {
        FaultRule f = One("  - drop: { from: b }");
        Assert.Equal((SegmentKind.Any, (int?)null, (int?)null, (string?)null), (f.Kind, f.Nth, f.Count, f.To));
        Assert.Null(f.SentAfter);
    }

    [Fact]
    public void SentAfterAndSentBeforeAreSynonymsInDrop()
    {
        FaultRule f = One("  - drop: { from: a, sent_after: 1s, sent_before: 3s }");
        Assert.Equal((SimTime.FromSeconds(1), SimTime.FromSeconds(3)), (f.SentAfter!.Value, f.SentBefore!.Value));
    }

    [Fact]
    public void DelayHoldsBy()
    {
        FaultRule f = One("  - delay: { from: a, flags: SYN, nth: 2, by: 30s, after: 500ms }");
        Assert.Equal((FaultAction.Delay, SimDuration.FromSeconds(30), 2), (f.Action, f.By, f.Nth!.Value));
        Assert.Equal(SimTime.FromMilliseconds(500), f.SentAfter);
    }

    [Fact]
    public void DuplicateAfterIsTheLagOfTheCopy()
    {
        FaultRule f = One("  - duplicate: { from: a, flags: SYN, nth: 1, after: 3s, sent_after: 1s, sent_before: 5s }");
        Assert.Equal((FaultAction.Duplicate, SimDuration.FromSeconds(3)), (f.Action, f.By));
        Assert.Equal((SimTime.FromSeconds(1), SimTime.FromSeconds(5)), (f.SentAfter!.Value, f.SentBefore!.Value));
    }

    [Fact]
    public void DuplicateAcceptsByForTheLag() =>
        Assert.Equal(SimDuration.FromMilliseconds(250), One("  - duplicate: { from: a, by: 250ms }").By);

    [Fact]
    public void CountAllMeansEveryMatch() => Assert.Null(One("  - drop: { from: a, count: all }").Count);

    [Fact]
    public void FromEqualsTo()
    {
        const string item = "  - drop: { from: a, to: a }";
        ScenarioText.Single(Faults(item), Line, Col(item, "to:"), "'from' and 'to' are both 'a'; this fault can never match");
    }

    [Fact]
    public void NoLinkBetweenFromAndTo()
    {
        const string item = "  - drop: { from: a, to: c }";
        ScenarioText.Single(Faults(item), Line, Col(item, "to:"), "there is no link between 'a' and 'c'; this fault can never match");
    }

    [Fact]
    public void SenderWithoutLinks()
    {
        const string item = "  - drop: { from: c }";
        ScenarioText.Single(Faults(item), Line, Col(item, "from"), "host 'c' has no links; this fault can never match");
    }

    [Fact]
    public void EmptyWindow()
    {
        const string item = "  - drop: { from: a, after: 5s, before: 2s }";
        ScenarioText.Single(Faults(item), Line, Col(item, "before"), "the send-time window [5s, 2s) is empty; this fault can never match");
    }

    [Fact]
    public void EqualBoundsAreAnEmptyWindow()
    {
        const string item = "  - drop: { from: a, sent_after: 2s, sent_before: 2s }";
        ScenarioText.Single(Faults(item), Line, Col(item, "sent_before"), "is empty");
    }

    [Fact]
    public void WindowStartingAfterUntil()
    {
        const string item = "  - drop: { from: a, after: 20s }";
        ScenarioText.Single(Faults(item), Line, Col(item, "after"), "starts at 20s, after 'until' (10s); this fault can never match");
    }

    [Fact]
    public void NthAndCountTogether()
    {
        const string item = "  - drop: { from: a, nth: 1, count: 2 }";
        ScenarioText.Single(Faults(item), Line, Col(item, "count"), "give 'nth' (act on one match) or 'count'");
    }

    [Theory]
    [InlineData("  - drop: { from: a, nth: 0 }", "nth: ", "'nth': '0' is not an integer from 1")]
    [InlineData("  - drop: { from: a, count: 0 }", "count: ", "'count' is a number of matches (1 or more) or 'all'")]
    [InlineData("  - drop: { from: a, count: some }", "count: ", "or 'all'")]
    public void BadNthOrCount(string item, string key, string fragment)
    {
        var errors = ScenarioText.Errors(Faults(item));
        ScenarioText.Has(errors, Line, Col(item, key) + key.Length, fragment);
    }

    [Fact]
    public void DuplicateWithAfterAndBy()
    {
        const string item = "  - duplicate: { from: a, after: 1s, by: 2s }";
        ScenarioText.Single(Faults(item), Line, Col(item, "by"), "'after' and 'by' both give the lag of the copy");
    }

    [Fact]
    public void DuplicateWithoutLag()
    {
        const string item = "  - duplicate: { from: a, nth: 1 }";
        ScenarioText.Single(Faults(item), Line, Col(item, "{"), "missing the lag of the copy: 'after: <duration>' (or 'by:')");
    }

    [Fact]
    public void MisspeltLagIsReportedOnce()
    {
        const string item = "  - duplicate: { from: a, aftr: 1s }";
        ScenarioText.Single(Faults(item), Line, Col(item, "aftr"), "unknown key 'aftr' in 'duplicate' fault (did you mean 'after'?)");
    }

    [Fact]
    public void DuplicateWithZeroLag()
    {
        const string item = "  - duplicate: { from: a, after: 0s }";
        ScenarioText.Single(Faults(item), Line, Col(item, "0s"), "'after' must be greater than 0");
    }

    [Fact]
    public void DuplicateBeforeIsAmbiguous()
    {
        const string item = "  - duplicate: { from: a, after: 1s, before: 5s }";
        var errors = ScenarioText.Errors(Faults(item));
        ScenarioText.Has(errors, Line, Col(item, "before"), "bound the send time with 'sent_after' and 'sent_before'");
    }

    [Fact]
    public void DropWithAfterAndSentAfter()
    {
        const string item = "  - drop: { from: a, after: 1s, sent_after: 2s }";
        ScenarioText.Single(Faults(item), Line, Col(item, "sent_after"), "'after' and 'sent_after' mean the same here");
    }

    [Fact]
    public void DelayNeedsBy()
    {
        const string item = "  - delay: { from: a }";
        ScenarioText.Single(Faults(item), Line, Col(item, "{"), "'delay' fault is missing 'by' (how long to hold the segment");
    }

    [Fact]
    public void ByIsNotAllowedInDrop()
    {
        const string item = "  - drop: { from: a, by: 1s }";
        ScenarioText.Single(Faults(item), Line, Col(item, "by"), "unknown key 'by' in 'drop' fault; allowed: from, to, flags, nth, count, after, before, sent_after, sent_before");
    }

    [Fact]
    public void UnknownFaultAction()
    {
        const string item = "  - dorp: { from: a }";
        ScenarioText.Single(Faults(item), Line, 5, "unknown fault 'dorp' (did you mean 'drop'?); allowed: drop, delay, duplicate");
    }

    [Fact]
    public void UnknownMatcherKey()
    {
        const string item = "  - drop: { from: a, flgas: SYN }";
        ScenarioText.Single(Faults(item), Line, Col(item, "flgas"), "unknown key 'flgas' in 'drop' fault (did you mean 'flags'?)");
    }

    [Fact]
    public void UnknownSegmentClass()
    {
        const string item = "  - drop: { from: a, flags: SYN-AKC }";
        ScenarioText.Single(Faults(item), Line, Col(item, "SYN-AKC"), "unknown segment class 'SYN-AKC' (did you mean 'SYN-ACK'?); allowed: SYN, SYN-ACK, ACK, DATA, FIN, RST, ANY");
    }

    [Fact]
    public void UnknownHostGetsAHint()
    {
        const string item = "  - drop: { from: aa }";
        ScenarioText.Single(Faults(item), Line, Col(item, "aa"), "unknown host 'aa' in 'from' (did you mean 'a'?)");
    }

    [Fact]
    public void MatchersNotIndentedUnderTheAction()
    {
        var errors = ScenarioText.Errors(Faults("  - drop:", "    from: a"));
        ScenarioText.Has(errors, Line, 5, "has 2 keys (drop, from); indent the matchers under 'drop:'");
    }

    [Fact]
    public void FromIsRequired()
    {
        const string item = "  - drop: { flags: SYN }";
        ScenarioText.Single(Faults(item), Line, Col(item, "{"), "'drop' fault is missing 'from' (the sending host");
    }
}
