using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Time;

namespace Simulator.Cli.Tests;

public sealed class EndpointTests
{
    /// <summary>Hosts a, b, c; link a-b; listener 's' on b:80 (line 10); endpoints under test from line 11.</summary>
    private const string Head =
        "name: t\nhosts:\n  a: 10.0.0.1\n  b: 10.0.0.2\n  c: 10.0.0.3\nlinks:\n  - between: [a, b]\n    delay: 1ms\n"
        + "endpoints:\n  s: { host: b, port: 80, steps: [ { do: listen } ] }\n";

    private const int Line = 11;

    private static string With(params string[] lines) => Head + string.Concat(lines.Select(l => l + "\n"));

    private static int Col(string line, string token) => line.IndexOf(token, StringComparison.Ordinal) + 1;

    private static EndpointSpec Endpoint(string name, params string[] lines) =>
        ScenarioText.Valid(With(lines)).Endpoints.Single(e => e.Name == name);

    [Fact]
    public void StepsWithEveryTriggerAndAction()
    {
        EndpointSpec k = Endpoint("k",
            "  k:",
            "    host: a",
            "    port: 40000",
            "    steps:",
            "      - { do: connect, to: s }",
            "      - { on: established, do: send, bytes: 0 }",
            "      - { on: received 2500, after: 10ms, do: shutdown }",
            "      - { on: eof, do: close }",
            "      - { on: failed, do: abort }",
            "      - { on: closed, after: 1s, do: abort }",
            "      - { at: 2.5s, do: send, bytes: 1000 }");
        Assert.Equal((ushort?)40000, k.Port);
        Assert.Equal(7, k.Steps.Count);
        Assert.Equal(new AppAction(AppActionKind.Connect, "s"), k.Steps[0].Action);
        Assert.Equal(new AtTrigger(SimTime.Zero), k.Steps[0].Trigger);
        Assert.Equal(new AppAction(AppActionKind.Send, null, 0), k.Steps[1].Action);
        Assert.Equal(new OnTrigger(AppEventKind.Received, 2500), k.Steps[2].Trigger);
        Assert.Equal(SimDuration.FromMilliseconds(10), k.Steps[2].After);
        Assert.Equal(AppActionKind.Shutdown, k.Steps[2].Action.Kind);
        Assert.Equal(new OnTrigger(AppEventKind.Eof), k.Steps[3].Trigger);
        Assert.Equal(new OnTrigger(AppEventKind.Failed), k.Steps[4].Trigger);
        Assert.Equal(AppActionKind.Abort, k.Steps[4].Action.Kind);
        Assert.Equal(new OnTrigger(AppEventKind.Closed), k.Steps[5].Trigger);
        Assert.Equal(new AtTrigger(SimTime.FromMilliseconds(2500)), k.Steps[6].Trigger);
        Assert.Equal(new SourceSpan(ScenarioText.File, 21, 9), k.Steps[6].Where);
    }

    [Fact]
    public void ListenerMayReactToAcceptedConnections()
    {
        EndpointSpec l = Endpoint("l", "  l:", "    host: a", "    port: 8080", "    steps:", "      - do: listen", "      - { on: accepted, do: send, bytes: 10 }");
        Assert.Equal(new OnTrigger(AppEventKind.Accepted), l.Steps[1].Trigger);
    }

    [Theory]
    [InlineData("s", "s")]
    [InlineData("b:80", "b:80")]
    [InlineData("b:81", "b:81")]
    [InlineData("s:80", "b:80")]
    public void ConnectTargets(string to, string target)
    {
        EndpointSpec k = Endpoint("k", "  k: { host: a, steps: [ { do: connect, to: \"" + to + "\" } ] }");
        Assert.Equal(target, k.Steps[0].Action.Target);
        Assert.Null(k.Port);
    }

    [Fact]
    public void TcpOverrides()
    {
        EndpointSpec k = Endpoint("k",
            "  k:",
            "    host: a",
            "    tcp: { rto_initial: 3s, rto_min: 100ms, rto_max: 60s, syn_retries: 2, synack_retries: 1, syn_linear_timeouts: 0,",
            "           orphan_retries: 3, retries2: 8, time_wait: 1s, msl: 30s, fin_timeout: off, delayed_ack: off,",
            "           isn: 0xFFFFFFFF, timestamps: false }",
            "    steps: [ { do: connect, to: s } ]");
        var t = k.Tcp!;
        Assert.Equal((SimDuration.FromSeconds(3), SimDuration.FromMilliseconds(100), SimDuration.FromSeconds(60)), (t.RtoInitial!.Value, t.RtoMin!.Value, t.RtoMax!.Value));
        Assert.Equal((2, 1, 0, 3, 8), (t.SynRetries!.Value, t.SynackRetries!.Value, t.SynLinearTimeouts!.Value, t.OrphanRetries!.Value, t.Retries2!.Value));
        Assert.Equal((SimDuration.FromSeconds(1), SimDuration.FromSeconds(30)), (t.TimeWait!.Value, t.Msl!.Value));
        Assert.True(t.FinTimeoutOff);
        Assert.True(t.DelayedAckOff);
        Assert.Null(t.DelayedAck);
        Assert.Equal(uint.MaxValue, t.Isn);
        Assert.False(t.Timestamps);
    }

    [Fact]
    public void TcpVariants_TwoWayHandshakeAndNoTimeWait()
    {
        var t = Endpoint("k", "  k: { host: a, tcp: { handshake: two-way, time_wait: 0s }, steps: [ { do: connect, to: s } ] }").Tcp!;
        Assert.Equal(HandshakeVariant.TwoWay, t.Handshake);
        Assert.Equal(SimDuration.Zero, t.TimeWait);
        Assert.True(TcpProfiles.LinuxDefaults.Apply(t).SkipsTimeWait);
        Assert.False(TcpProfiles.LinuxDefaults.SkipsTimeWait);
        Assert.Equal(HandshakeVariant.ThreeWay, TcpProfiles.Rfc9293Defaults.Apply(new TcpOverrides { Handshake = HandshakeVariant.ThreeWay }).Handshake);
    }

    [Fact]
    public void TcpDurationsAsWellAsOff()
    {
        var t = Endpoint("k", "  k: { host: a, tcp: { delayed_ack: 40ms, fin_timeout: 5s }, steps: [ { do: connect, to: s } ] }").Tcp!;
        Assert.Equal((SimDuration.FromMilliseconds(40), false), (t.DelayedAck!.Value, t.DelayedAckOff));
        Assert.Equal(SimDuration.FromSeconds(5), t.FinTimeout);
    }

    [Theory]
    [InlineData("tcp: { rto_intial: 1s }", "rto_intial", "unknown key 'rto_intial' in 'tcp' of endpoint 'k' (did you mean 'rto_initial'?)")]
    [InlineData("tcp: { rto_min: 2s, rto_max: 1s }", "rto_min", "'rto_min' (2s) is greater than 'rto_max' (1s)")]
    [InlineData("tcp: { syn_retries: 200 }", "200", "'syn_retries': '200' is not an integer from 0 to 127")]
    [InlineData("tcp: { delayed_ack: never }", "never", "'delayed_ack': 'never' is not a duration like 250us, 10ms, 1.5s or 2min (units: ns, us, ms, s, min), or 'off'")]
    [InlineData("tcp: { delayed_ack: 0s }", "0s", "'delayed_ack' must be greater than 0; write 'off' to turn it off")]
    [InlineData("tcp: { timestamps: maybe }", "maybe", "'timestamps': 'maybe' is not true or false")]
    [InlineData("tcp: { isn: 4294967296 }", "4294967296", "'isn': '4294967296' is not a 32-bit unsigned number")]
    [InlineData("tcp: { rto_initial: 0s }", "0s", "'rto_initial' must be greater than 0")]
    [InlineData("tcp: { handshake: two_way }", "two_way", "'handshake': unknown value 'two_way' (did you mean 'two-way'?); allowed: three-way, two-way")]
    [InlineData("tcp: { handshake: 2 }", "2", "'handshake': unknown value '2'")]
    [InlineData("tcp: { time_wait: -1s }", "-1s", "'time_wait'")]
    public void BadTcpOverrides(string tcp, string token, string fragment)
    {
        string line = "  k: { host: a, " + tcp + ", steps: [ { do: connect, to: s } ] }";
        ScenarioText.Single(With(line), Line, Col(line, token), fragment);
    }

    [Theory]
    [InlineData("k#1", "'#'")]
    [InlineData("\"k>1\"", "'>'")]
    [InlineData("\"k:1\"", "':'")]
    [InlineData("\"k 1\"", "a space")]
    public void EndpointNamesCannotHoldSeparators(string name, string what)
    {
        string line = "  " + name + ": { host: a, steps: [ { do: connect, to: s } ] }";
        ScenarioText.Single(With(line), Line, 3, "endpoint name '" + name.Trim('"') + "' contains " + what + "; use letters, digits, '_', '-' and '.'");
    }

    [Fact]
    public void ToOnlyWithConnect()
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: s }, { do: send, bytes: 1, to: s } ] }";
        ScenarioText.Single(With(line), Line, line.LastIndexOf("to:", StringComparison.Ordinal) + 1, "'to' is only used with 'do: connect'");
    }

    [Fact]
    public void BytesOnlyWithSend()
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: s, bytes: 5 } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "bytes"), "'bytes' is only used with 'do: send'");
    }

    [Fact]
    public void SendNeedsBytes()
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: s }, { on: established, do: send } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "{ on"), "step 2 of endpoint 'k' is missing 'bytes'");
    }

    [Fact]
    public void AtAndOnTogether()
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: s, at: 1s, on: established } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "on:"), "a step runs 'at' a time or 'on' an event, not both");
    }

    [Theory]
    [InlineData("on: establised", "establised", "unknown event 'establised' (did you mean 'established'?)")]
    [InlineData("on: received", "received", "'received' needs a byte count of 1 or more")]
    [InlineData("on: received lots", "received", "'received' needs a byte count")]
    [InlineData("on: eof now", "eof", "'on: eof' takes nothing after the event name")]
    [InlineData("do: conect", "conect", "unknown action 'conect' (did you mean 'connect'?); allowed: listen, connect, send, close, shutdown, abort")]
    [InlineData("at: 5", "5", "'at': '5' has no unit")]
    public void BadTriggersAndActions(string part, string token, string fragment)
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: s }, { " + part + (part.StartsWith("do", StringComparison.Ordinal) ? "" : ", do: close") + " } ] }";
        var errors = ScenarioText.Errors(With(line));
        ScenarioText.Has(errors, Line, line.LastIndexOf(token, StringComparison.Ordinal) + 1, fragment);
    }

    [Fact]
    public void ConnectToAnEndpointWithoutAPort()
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: j } ] }";
        string other = "  j: { host: a, steps: [ { do: connect, to: s } ] }";
        ScenarioText.Single(With(line, other), Line, Col(line, "j }"), "'to': endpoint 'j' has no fixed port; give it a 'port' or connect to host:port");
    }

    [Fact]
    public void ConnectToUnknownEndpoint()
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: ss } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "ss"), "'to': unknown endpoint 'ss' (did you mean 's'?); endpoints: s, k");
    }

    [Fact]
    public void ConnectToAHostNeedsAPort()
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: b } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "b }"), "'b' is a host: write 'b:<port>'");
    }

    [Fact]
    public void ConnectAcrossNoLink()
    {
        string line = "  k: { host: c, steps: [ { do: connect, to: s } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "s }"), "'to': there is no link between 'c' and 'b'");
    }

    [Fact]
    public void ConnectWithinOneHost()
    {
        string line = "  k: { host: b, steps: [ { do: connect, to: \"b:80\" } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "\"b:80"), "would connect within host 'b'");
    }

    [Fact]
    public void ConnectToEndpointWithTheWrongPort()
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: \"s:81\" } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "\"s:81"), "endpoint 's' is on port 80, not 81; to reach another port of its host write 'b:81'");
    }

    [Fact]
    public void ConnectToABadPort()
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: \"b:99999\" } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "99999"), "'to': '99999' is not a port number (1 to 65535)");
    }

    [Fact]
    public void ConnectToItself()
    {
        string line = "  k: { host: a, port: 1000, steps: [ { do: connect, to: k } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "k }"), "endpoint 'k' cannot connect to itself");
    }

    [Fact]
    public void TwoEndpointsOnTheSamePort()
    {
        string line = "  t: { host: b, port: 80, steps: [ { do: listen } ] }";
        ScenarioText.Single(With(line), Line, 3, "endpoint 't' uses b:80, which endpoint 's' (line 10) already uses");
    }

    [Fact]
    public void ListenerNeedsAPort()
    {
        string line = "  l: { host: a, steps: [ { do: listen } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "{"), "endpoint 'l' listens, so it needs a 'port'");
    }

    [Fact]
    public void AListenerDoesNotConnect()
    {
        string line = "  k: { host: a, port: 81, steps: [ { do: listen }, { at: 1s, do: connect, to: s } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "{ at"), "endpoint 'k' already has a 'listen' step; a listener listens once and does not connect");
    }

    [Fact]
    public void AConnectingEndpointMayConnectAgain()
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: s }, { at: 1s, do: connect, to: s } ] }";
        Assert.True(Simulator.Cli.Yaml.ScenarioLoader.Parse(With(line), "t.yaml").Success);
    }

    [Fact]
    public void NeedsListenOrConnect()
    {
        string line = "  k: { host: a, steps: [ { do: close } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "steps"), "endpoint 'k' needs a 'do: listen' or a 'do: connect' step");
    }

    [Fact]
    public void AcceptedOnlyOnAListener()
    {
        string line = "  k: { host: a, steps: [ { do: connect, to: s }, { on: accepted, do: close } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "{ on"), "'on: accepted' is only for a listening endpoint, and 'k' does not listen");
    }

    [Fact]
    public void EmptySteps()
    {
        string line = "  k: { host: a, steps: [] }";
        ScenarioText.Single(With(line), Line, Col(line, "[]"), "endpoint 'k' has no steps");
    }

    [Fact]
    public void MissingHost()
    {
        string line = "  k: { steps: [ { do: connect, to: s } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "{"), "endpoint 'k' is missing 'host'");
    }

    [Fact]
    public void UnknownEndpointKey()
    {
        string line = "  k: { host: a, prot: 5, steps: [ { do: connect, to: s } ] }";
        ScenarioText.Single(With(line), Line, Col(line, "prot"), "unknown key 'prot' in endpoint 'k' (did you mean 'port'?); allowed: host, port, tcp, reads, accepts, steps");
    }

    [Fact]
    public void UnknownStepKey()
    {
        string line = "  k: { host: a, steps: [ { do: connect, too: s } ] }";
        var errors = ScenarioText.Errors(With(line));
        ScenarioText.Has(errors, Line, Col(line, "too"), "unknown key 'too' in step 1 of endpoint 'k' (did you mean 'to'?); allowed: do, at, on, after, to, bytes, backlog");
        Assert.Single(errors);
    }

    [Fact]
    public void ManualReads_ReadSteps_AndReceiveBuffer()
    {
        EndpointSpec k = Endpoint("k",
            "  k:",
            "    host: a",
            "    reads: manual",
            "    tcp: { rcvbuf: 4096 }",
            "    steps:",
            "      - { do: connect, to: s }",
            "      - { at: 1s, do: read }",
            "      - { at: 2s, do: read, bytes: 3000 }");
        Assert.True(k.ManualReads);
        Assert.Equal(4096, k.Tcp!.ReceiveBuffer);
        Assert.Equal(new AppAction(AppActionKind.Read), k.Steps[1].Action);
        Assert.Equal(new AppAction(AppActionKind.Read, null, 3000), k.Steps[2].Action);
        Assert.False(Endpoint("k", "  k: { host: a, reads: auto, steps: [ { do: connect, to: s } ] }").ManualReads);
    }

    [Theory]
    [InlineData("  k: { host: a, reads: manaul, steps: [ { do: connect, to: s } ] }", "manaul", "'reads': unknown mode 'manaul' (did you mean 'manual'?); allowed: auto (data is read as it arrives), manual (data waits for 'do: read')")]
    [InlineData("  k: { host: a, tcp: { rcvbuf: 100 }, steps: [ { do: connect, to: s } ] }", "100", "'rcvbuf'")]
    [InlineData("  k: { host: a, steps: [ { do: connect, to: s }, { do: read, bytes: 0 } ] }", "0 }", "'bytes'")]
    [InlineData("  k: { host: a, steps: [ { do: connect, to: s }, { do: close, bytes: 5 } ] }", "bytes: 5", "'bytes' is only used with 'do: send' and 'do: read'")]
    public void BadReadSettings(string line, string at, string message)
    {
        ScenarioText.Single(With(line), Line, Col(line, at), message);
    }

    [Fact]
    public void NoDelay_ReadAsTheSocketOption()
    {
        Assert.True(Endpoint("k", "  k: { host: a, tcp: { nodelay: true }, steps: [ { do: connect, to: s } ] }").Tcp!.NoDelay);
        Assert.False(Endpoint("k", "  k: { host: a, tcp: { nodelay: false }, steps: [ { do: connect, to: s } ] }").Tcp!.NoDelay);
        Assert.Null(Endpoint("k", "  k: { host: a, steps: [ { do: connect, to: s } ] }").Tcp?.NoDelay);
        const string bad = "  k: { host: a, tcp: { nodelay: sometimes }, steps: [ { do: connect, to: s } ] }";
        ScenarioText.Single(With(bad), Line, Col(bad, "sometimes"), "'nodelay'");
    }

    [Fact]
    public void Rfc1337_ReadAsLinuxSysctl()
    {
        Assert.True(Endpoint("k", "  k: { host: a, tcp: { tcp_rfc1337: 1 }, steps: [ { do: connect, to: s } ] }").Tcp!.Rfc1337);
        Assert.False(Endpoint("k", "  k: { host: a, tcp: { tcp_rfc1337: 0 }, steps: [ { do: connect, to: s } ] }").Tcp!.Rfc1337);
        Assert.Null(Endpoint("k", "  k: { host: a, steps: [ { do: connect, to: s } ] }").Tcp?.Rfc1337);
        const string bad = "  k: { host: a, tcp: { tcp_rfc1337: 2 }, steps: [ { do: connect, to: s } ] }";
        ScenarioText.Single(With(bad), Line, Col(bad, "2 }"), "'tcp_rfc1337'");
    }

    [Fact]
    public void ManualAccepts_AcceptStep_AndBacklog()
    {
        EndpointSpec q = Endpoint("q",
            "  q:",
            "    host: b",
            "    port: 81",
            "    accepts: manual",
            "    steps:",
            "      - { do: listen, backlog: 0 }",
            "      - { at: 1s, do: accept }");
        Assert.True(q.ManualAccepts);
        Assert.Equal(new AppAction(AppActionKind.Listen, Backlog: 0), q.Steps[0].Action);
        Assert.Equal(new AppAction(AppActionKind.Accept), q.Steps[1].Action);
    }

    [Theory]
    [InlineData("  q: { host: b, port: 81, accepts: later, steps: [ { do: listen } ] }", "later", "'accepts': unknown mode 'later'")]
    [InlineData("  q: { host: b, port: 81, steps: [ { do: listen, backlog: -1 } ] }", "-1", "'backlog'")]
    [InlineData("  q: { host: a, steps: [ { do: connect, to: s, backlog: 3 } ] }", "backlog: 3", "'backlog' is only used with 'do: listen'")]
    public void BadAcceptSettings(string line, string at, string message)
    {
        ScenarioText.Single(With(line), Line, Col(line, at), message);
    }
}
