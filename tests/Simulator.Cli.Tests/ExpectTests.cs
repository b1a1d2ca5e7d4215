using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;

namespace Simulator.Cli.Tests;

public sealed class ExpectTests
{
    /// <summary>Hosts a, b, c; link a-b; listener 's' on b, client 'k' on a; the expectation under test is on line 13.</summary>
    private const string Head =
        "name: t\nhosts:\n  a: 10.0.0.1\n  b: 10.0.0.2\n  c: 10.0.0.3\nlinks:\n  - between: [a, b]\n    delay: 1ms\n"
        + "endpoints:\n  s: { host: b, port: 80, steps: [ { do: listen } ] }\n  k: { host: a, steps: [ { do: connect, to: s } ] }\n"
        + "expect:\n";

    private const int Line = 13;

    private static int Col(string line, string token) => line.IndexOf(token, StringComparison.Ordinal) + 1;

    private static Expectation One(string line) => Assert.Single(ScenarioText.Valid(Head + line + "\n").Expectations);

    private static void Bad(string line, string token, string fragment) =>
        ScenarioText.Single(Head + line + "\n", Line, Col(line, token), fragment);

    [Fact]
    public void StatesAcceptLinuxSpellings()
    {
        var e = Assert.IsType<StatesExpectation>(One("  - { endpoint: \"s#1\", states: [SYN_RECV, ESTABLISHED, close-wait, LAST_ACK, CLOSED] }"));
        Assert.Equal("s#1", e.Endpoint);
        Assert.Equal([TcpState.SynReceived, TcpState.Established, TcpState.CloseWait, TcpState.LastAck, TcpState.Closed], e.States);
    }

    [Theory]
    [InlineData("ok", "ok")]
    [InlineData("OK", "ok")]
    [InlineData("ECONNREFUSED", "ECONNREFUSED")]
    [InlineData("etimedout", "ETIMEDOUT")]
    [InlineData("ECONNRESET", "ECONNRESET")]
    public void ConnectResults(string written, string result)
    {
        var e = Assert.IsType<ConnectExpectation>(One($"  - {{ endpoint: k, connect: {written} }}"));
        Assert.Equal(result, e.Result);
        Assert.Null(e.At);
        Assert.Null(e.Within);
    }

    [Fact]
    public void FinalStateOfAnAcceptedConnection()
    {
        var e = Assert.IsType<FinalStateExpectation>(One("  - { endpoint: \"s#2\", final: TIME-WAIT }"));
        Assert.Equal(("s#2", TcpState.TimeWait), (e.Endpoint, e.State));
    }

    [Fact]
    public void SegmentPatternsWithNumbersAndNotes()
    {
        string text = Head + "  - segments:\n      - a>b [S]\n      - b>a [S.] 0 1 LOST\n      - a>b [.] 1 1 0\n      - \"a>b [P.] 1 1 100 DUP\"\n      - b>a R. INJECTED\n      - a>b [P.] 1 1 100 DELAYED STALE\n";
        var e = Assert.IsType<SegmentsExpectation>(Assert.Single(ScenarioText.Valid(text).Expectations));
        Assert.Equal(new SegmentPattern("a", "b", TcpFlags.Syn, null, null, null, null), e.Segments[0] with { Where = SourceSpan.None });
        Assert.Equal(new SegmentPattern("b", "a", TcpFlags.Syn | TcpFlags.Ack, 0, 1, null, "LOST"), e.Segments[1] with { Where = SourceSpan.None });
        Assert.Equal(new SegmentPattern("a", "b", TcpFlags.Ack, 1, 1, 0, null), e.Segments[2] with { Where = SourceSpan.None });
        Assert.Equal(new SegmentPattern("a", "b", TcpFlags.Psh | TcpFlags.Ack, 1, 1, 100, "DUP"), e.Segments[3] with { Where = SourceSpan.None });
        Assert.Equal(new SegmentPattern("b", "a", TcpFlags.Rst | TcpFlags.Ack, null, null, null, "INJECTED"), e.Segments[4] with { Where = SourceSpan.None });
        Assert.Equal(new SourceSpan(ScenarioText.File, 15, 9), e.Segments[1].Where);
        Assert.Equal("DELAYED STALE", e.Segments[5].Note);
    }

    [Fact]
    public void SegmentPatternsWithSackBlocks()
    {
        string text = Head + "  - segments:\n      - b>a [.] 1 1 0 sack 1449-2897\n      - b>a [.] 1 1 0 LOST dsack 1-101 sack 201-301 401-501\n      - b>a [.] SACK 5-6\n";
        var e = Assert.IsType<SegmentsExpectation>(Assert.Single(ScenarioText.Valid(text).Expectations));
        Assert.Equal(new SegmentPattern("b", "a", TcpFlags.Ack, 1, 1, 0, null, "sack 1449-2897"), e.Segments[0] with { Where = SourceSpan.None });
        Assert.Equal(new SegmentPattern("b", "a", TcpFlags.Ack, 1, 1, 0, "LOST", "dsack 1-101 sack 201-301 401-501"), e.Segments[1] with { Where = SourceSpan.None });
        Assert.Equal(new SegmentPattern("b", "a", TcpFlags.Ack, null, null, null, null, "sack 5-6"), e.Segments[2] with { Where = SourceSpan.None });
    }

    [Fact]
    public void Count()
    {
        var e = Assert.IsType<CountExpectation>(One("  - count: { from: a, to: b, flags: DATA, equals: 0 }"));
        Assert.Equal(new CountExpectation("a", "b", SegmentKind.Data, 0), e with { Where = SourceSpan.None });
        var any = Assert.IsType<CountExpectation>(One("  - count: { from: b, equals: 3 }"));
        Assert.Equal(SegmentKind.Any, any.Kind);
    }

    [Fact]
    public void StaleBytes()
    {
        var e = Assert.IsType<StaleBytesExpectation>(One("  - stale_bytes: { endpoint: \"s#2\", equals: 100 }"));
        Assert.Equal(new StaleBytesExpectation("s#2", 100), e with { Where = SourceSpan.None });
    }

    [Theory]
    [InlineData("  - stale_bytes: { endpoint: kk, equals: 1 }", "kk", "unknown endpoint 'kk' (did you mean 'k'?)")]
    [InlineData("  - stale_bytes: { endpoint: k }", "{", "'stale_bytes' is missing 'equals'")]
    [InlineData("  - stale_bytes: { endpoint: k, equals: -5 }", "-5", "'equals': '-5' is not an integer from 0")]
    [InlineData("  - stale_bytes: { equals: 1 }", "{", "'stale_bytes' is missing 'endpoint'")]
    public void BadStaleBytes(string line, string token, string fragment) => Bad(line, token, fragment);

    [Fact]
    public void UnknownEndpoint() =>
        Bad("  - { endpoint: kk, final: CLOSED }", "kk", "unknown endpoint 'kk' (did you mean 'k'?); endpoints: s, k");

    [Fact]
    public void AcceptedConnectionOfANonListener() =>
        Bad("  - { endpoint: \"k#1\", final: CLOSED }", "\"k#1", "'k#1': 'k' is not a listening endpoint; listeners: s");

    [Fact]
    public void AcceptedConnectionsCountFromOne() =>
        Bad("  - { endpoint: \"s#0\", final: CLOSED }", "0\"", "'s#0': accepted connections are numbered from 1, like 's#1'");

    [Fact]
    public void AcceptedConnectionNumberMustBeANumber() =>
        Bad("  - { endpoint: \"s#x\", final: CLOSED }", "x\"", "numbered from 1");

    [Fact]
    public void UnknownState() =>
        Bad("  - { endpoint: k, states: [SYN-SENT, ESTABLISED] }", "ESTABLISED", "'states': unknown state 'ESTABLISED' (did you mean 'ESTABLISHED'?)");

    [Fact]
    public void UnknownFinalState() =>
        Bad("  - { endpoint: k, final: TIMEWAIT }", "TIMEWAIT", "'final': unknown state 'TIMEWAIT' (did you mean 'TIME-WAIT'?)");

    [Fact]
    public void EmptyStates() => Bad("  - { endpoint: k, states: [] }", "[]", "'states' must list at least one state");

    [Fact]
    public void UnknownConnectResult() =>
        Bad("  - { endpoint: k, connect: ECONNREFUSD }", "ECONNREFUSD", "unknown result 'ECONNREFUSD' (did you mean 'ECONNREFUSED'?); allowed: ok, ECONNREFUSED, ETIMEDOUT, ECONNRESET");

    [Fact]
    public void ConnectOfAListener() =>
        Bad("  - { endpoint: s, connect: ok }", "endpoint", "endpoint 's' has no 'connect' step, so it has no connect result");

    [Fact]
    public void ConnectOfAnAcceptedConnection() =>
        Bad("  - { endpoint: \"s#1\", connect: ok }", "\"s#1", "only an endpoint that connects has a 'connect' result");

    [Fact]
    public void WithinNeedsAt() =>
        Bad("  - { endpoint: k, connect: ok, within: 5ms }", "within", "'within' is the tolerance of 'at'; give 'at' too");

    [Fact]
    public void AtOnlyWithConnect() =>
        Bad("  - { endpoint: k, final: CLOSED, at: 1s }", "at:", "'at' is only used with 'connect'");

    [Fact]
    public void ConnectAtAndWithin()
    {
        var e = Assert.IsType<ConnectExpectation>(One("  - { endpoint: k, connect: ETIMEDOUT, at: 127s, within: 1ms }"));
        Assert.Equal(Core.Time.SimTime.FromSeconds(127), e.At);
        Assert.Equal(Core.Time.SimDuration.FromMilliseconds(1), e.Within);
    }

    [Fact]
    public void OneClaimPerItem() =>
        Bad("  - { endpoint: k, final: CLOSED, states: [CLOSED] }", "states", "one claim per list item, but this one has 'final' and 'states'; start a new item with '-'");

    [Fact]
    public void NoClaim() => Bad("  - { endpoint: k }", "{", "an expectation needs one of: states, connect, final");

    [Fact]
    public void EndpointRequired() => Bad("  - { final: CLOSED }", "{", "expectation is missing 'endpoint'");

    [Fact]
    public void SegmentsTakeNoEndpoint() =>
        Bad("  - { endpoint: k, segments: [\"a>b [S]\"] }", "endpoint", "'segments' is about the whole run and takes no 'endpoint'");

    [Fact]
    public void UnknownExpectationKey() =>
        Bad("  - { endpoint: k, fnial: CLOSED }", "fnial", "unknown key 'fnial' in expectation (did you mean 'final'?)");

    [Theory]
    [InlineData("a>b", "a>b", "'a>b' is not a segment pattern; write 'from>to [FLAGS] [seq ack [len]] [NOTE] [sack L-R ...]'")]
    [InlineData("a>x [S]", ">x", "unknown host 'x' in 'segments'")]
    [InlineData("a-b [S]", "a-b", "'a-b' is not a direction like 'client>server'")]
    [InlineData("a>a [S]", "a>a", "'a>a' goes from a host to itself")]
    [InlineData("a>b [Q]", "[Q]", "'[Q]' is not a set of TCP flags")]
    [InlineData("a>b [S] 1", "1", "a segment pattern has no numbers, or seq and ack, or seq, ack and len; found 1")]
    [InlineData("a>b [S] 1 2 3 4", "1 2", "found 4")]
    [InlineData("a>b [S] 0 1 LSOT", "LSOT", "unknown note 'LSOT' (did you mean 'LOST'?); allowed: LOST, DUP, DELAYED, INJECTED")]
    [InlineData("a>b [S] 0 x1", "x1", "'x1' is not a sequence number")]
    [InlineData("b>a [.] 1 1 0 sack 1449", "sack", "SACK block '1449' is not left-right with 32-bit numbers (e.g. 1449-2897)")]
    [InlineData("b>a [.] 1 1 0 dsack 1-101 201-301", "dsack", "a D-SACK reports one block; write the others after 'sack' (dsack 1-101 sack 201-301), got '201-301'")]
    public void BadSegmentPatterns(string pattern, string token, string fragment)
    {
        string line = $"  - segments: [\"{pattern}\"]";
        int column = Col(line, token);
        if (token.StartsWith('>')) column++;
        ScenarioText.Single(Head + line + "\n", Line, column, fragment);
    }

    [Theory]
    [InlineData("  - count: { from: a, flags: SYNN, equals: 1 }", "SYNN", "'flags': unknown segment class 'SYNN' (did you mean 'SYN'?)")]
    [InlineData("  - count: { from: a, flags: SYN }", "{", "'count' is missing 'equals'")]
    [InlineData("  - count: { from: a, equals: -1 }", "-1", "'equals': '-1' is not an integer from 0")]
    [InlineData("  - count: { from: a, to: a, equals: 1 }", "to:", "'from' and 'to' are both 'a'")]
    [InlineData("  - count: { form: a, equals: 1 }", "form", "unknown key 'form' in 'count' (did you mean 'from'?)")]
    public void BadCounts(string line, string token, string fragment) => Bad(line, token, fragment);
}
