using System.Text.Json.Nodes;
using Simulator.Core.Chaos;
using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;

namespace Simulator.Cli.Yaml.Format;

/// <summary>
/// The scenario format's vocabulary in one place: every kind of mapping, every key it accepts, the value each key
/// takes and what it means. The loader opens each mapping with these keys, and <c>tcpsim schema</c>
/// (<see cref="ScenarioSchema"/>) writes them as JSON Schema, so the two cannot disagree. A new key is one line here
/// (and the code that reads it in its section).
/// </summary>
public static class ScenarioFormat
{
    public const string NamePattern = "^[A-Za-z0-9_.-]{1,64}$";

    private const string Number = @"[0-9]*\.?[0-9]+([eE][+-]?[0-9]+)?";
    private const string HostPortPattern = "^[A-Za-z0-9_.-]{1,64}:[0-9]{1,5}$";
    private const string Octet = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

    public static readonly ValueFormat Duration =
        ValueFormat.Text($@"^\s*{Number}\s*({AnyCase("ns")}|{AnyCase("us")}|µs|{AnyCase("ms")}|{AnyCase("s")}|{AnyCase("min")})\s*$");

    private static readonly ValueFormat DurationOrOff = ValueFormat.AnyOf(Duration, ValueFormat.OneOf(["off"]));
    private static readonly ValueFormat Bandwidth =
        ValueFormat.Text($@"^\s*{Number}\s*({AnyCase("bps")}|{AnyCase("kbps")}|{AnyCase("mbps")}|{AnyCase("gbps")})\s*$");
    private static readonly ValueFormat Probability = ValueFormat.AnyOf(
        ValueFormat.Of(new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 }),
        ValueFormat.Text($@"^\s*{Number}\s*%\s*$"));
    private static readonly ValueFormat Name = ValueFormat.Text(NamePattern);
    private static readonly ValueFormat HostPort = ValueFormat.Text(HostPortPattern);
    private static readonly ValueFormat UInt32 = ValueFormat.AnyOf(ValueFormat.Integer(0, uint.MaxValue), ValueFormat.Text("^0[xX][0-9a-fA-F]{1,8}$"));
    private static readonly ValueFormat Ipv4 = ValueFormat.Text($@"^\s*({Octet}\.){{3}}{Octet}\s*$");
    private static readonly ValueFormat SegmentClass = ValueFormat.OneOf(SegmentKinds.ScenarioNames);
    private static readonly ValueFormat State = ValueFormat.OneOf(TcpStateNames.All);

    /// <summary>A count of retransmissions: from 0 to <paramref name="max"/>.</summary>
    private static ValueFormat Retries(int max) => ValueFormat.Integer(0, max);

    public static readonly MappingFormat Tcp = new("tcp",
        "Per-endpoint overrides of the profile's TCP settings; a key left out keeps the profile's value (see PROFILES.md).",
        [
            new("rto_initial", Duration, "Retransmission timeout before any RTT sample (linux and rfc9293 1s); greater than 0."),
            new("rto_min", Duration, "Lower bound of the computed RTO (linux 200ms, rfc9293 1s); greater than 0."),
            new("rto_max", Duration, "Upper bound of the RTO and its backoff (linux 120s, rfc9293 60s); greater than 0."),
            new("syn_retries", Retries(127), "SYN retransmissions before connect fails with ETIMEDOUT (linux and rfc9293 6); 0 to 127."),
            new("synack_retries", Retries(255), "SYN-ACK retransmissions before a half-open connection is dropped (linux and rfc9293 5); 0 to 255."),
            new("syn_linear_timeouts", Retries(255), "How many SYN retransmissions keep the initial RTO before exponential backoff starts (linux 4, rfc9293 0); 0 to 255."),
            new("orphan_retries", Retries(255), "Retransmissions before an orphaned connection (closed by its application) is dropped (linux 0, meaning 8; rfc9293 8); 0 to 255."),
            new("time_wait", Duration, "TIME-WAIT length (linux 60s; rfc9293 2 x msl)."),
            new("msl", Duration, "Maximum segment lifetime (linux 30s, rfc9293 2min); greater than 0."),
            new("fin_timeout", DurationOrOff, "FIN-WAIT-2 timeout of an orphaned connection (linux 60s, rfc9293 off), or off."),
            new("delayed_ack", DurationOrOff, "Delayed-ACK timeout (linux 40ms, rfc9293 off: every ACK at once), or off."),
            new("isn", UInt32, "Fixed initial sequence number (decimal or 0x hex); default: drawn from the seed."),
            new("retries2", Retries(255), "Retransmissions of data before the connection is dropped with ETIMEDOUT (linux and rfc9293 15); 0 to 255."),
            new("timestamps", ValueFormat.Boolean(), "TCP timestamps option (RFC 7323): true or false (linux true, rfc9293 false)."),
            new("handshake", ValueFormat.OneOf(HandshakeVariants.Names), "three-way (default), or the variant two-way: a passive open is ESTABLISHED as its SYN-ACK leaves (not TCP; shows what the third segment prevents)."),
            new("rcvbuf", ValueFormat.Integer(TcpOverridesReader.MinReceiveBuffer, TcpOverridesReader.MaxReceiveBuffer), "Receive buffer in bytes (linux 131072, half of it offered as window; rfc9293 65535); 2304 to 2^30."),
            new("tcp_tw_reuse", ValueFormat.Integer(0, 2), "Linux tcp_tw_reuse: 1 lets connect() take a 4-tuple held by a TIME-WAIT that began more than 1 s ago (timestamps on); 2 on loopback only (linux 2, rfc9293 0)."),
            new("tcp_abort_on_overflow", ValueFormat.Integer(0, 1), "Linux tcp_abort_on_overflow: 1 answers a final ACK that finds the accept queue full with RST and drops the half-open connection; 0 drops the ACK and lets the SYN-ACK be resent (linux and rfc9293 0)."),
            new("nodelay", ValueFormat.Boolean(), "The TCP_NODELAY socket option: true sends a short segment at once; false (linux and rfc9293) keeps Nagle's algorithm, which holds it while earlier data is unacknowledged."),
            new("tcp_rfc1337", ValueFormat.Integer(0, 1), "Linux tcp_rfc1337: 1 makes TIME-WAIT ignore an RST (RFC 1337's remedy for TIME-WAIT assassination); 0 lets the RST end it (linux and rfc9293 0)."),
        ]);

    public static readonly MappingFormat Step = new("step",
        "One application step: do an action when its trigger fires. A step with neither 'at' nor 'on' runs at time 0.",
        [
            new("do", ValueFormat.OneOf(StepReader.ActionNames), "The action: listen, connect (needs to), send (needs bytes), close (FIN after queued data), shutdown (write side only), abort (RST), read (with reads: manual), accept (with accepts: manual).", Required: true),
            new("at", Duration, "Run at this time since the scenario start; not with 'on'."),
            new("on", ValueFormat.AnyOf(
                ValueFormat.OneOf(StepReader.EventNames.Where(e => e != StepReader.ReceivedEvent)),
                ValueFormat.Text($"^{StepReader.ReceivedEvent} +[0-9]+$")),
                "Run when this happens to the socket (on a listener: to each accepted connection): established, accepted, eof, closed, failed, or 'received N' once N bytes in total have arrived."),
            new("after", Duration, "Wait this long after the trigger (default 0s)."),
            new("to", ValueFormat.Text("^[A-Za-z0-9_.-]{1,64}(:[0-9]{1,5})?$"), "With connect: an endpoint name, or host:port."),
            new("bytes", ValueFormat.Integer(0), "With send: how many bytes to write; with read (1 or more): how many to wait for (default: what has arrived)."),
            new("backlog", ValueFormat.Integer(0, ushort.MaxValue), "With listen: the listen() backlog, 0 to 65535 (default 4096); at most backlog + 1 connections wait to be accepted."),
        ]);

    public static readonly MappingFormat Endpoint = new("endpoint",
        "One socket and what its application does. It needs exactly one listen or connect step; a listener needs a port.",
        [
            new("host", Name, "The host it runs on (a name from hosts).", Required: true),
            new("port", ValueFormat.Integer(1, ushort.MaxValue), "Local port, 1 to 65535; default for a connecting endpoint: an ephemeral port."),
            new("tcp", ValueFormat.Mapping(Tcp), "Overrides of the profile's TCP settings for this endpoint."),
            new("reads", ValueFormat.OneOf(EndpointsSection.Modes), "auto (default): data is read as it arrives; manual: it waits in the receive buffer for 'do: read'."),
            new("accepts", ValueFormat.OneOf(EndpointsSection.Modes), "On a listener. auto (default): connections are accepted as they complete; manual: they wait in the accept queue for 'do: accept'."),
            new("steps", ValueFormat.List(ValueFormat.Mapping(Step), minItems: 1), "What the application does, in order of their triggers.", Required: true),
        ]);

    /// <summary>The settings a link applies to both directions, and a <c>from&gt;to</c> key to one.</summary>
    public static readonly MappingFormat LinkDirection = new("linkDirection",
        "Settings of one direction of a link; a key left out keeps the link's value.",
        [
            new("delay", Duration, "One-way propagation delay; required on the link (0s for none)."),
            new("jitter", Duration, "Extra delay drawn uniformly from [0, jitter] per segment (default 0s)."),
            new("loss", Probability, "Probability that a segment is lost, 0 to 1 or a percentage like 1% (default 0)."),
            new("duplicate", Probability, "Probability that a segment is delivered twice (default 0)."),
            new("bandwidth", Bandwidth, "Serialization rate, like 100Mbps (units bps, Kbps, Mbps, Gbps); default: unlimited."),
        ]);

    public static readonly MappingFormat Link = new("link",
        "A bidirectional link between two hosts; its settings apply to both directions unless a '<from>><to>' key overrides them.",
        [
            new("between", ValueFormat.List(Name, minItems: 2, maxItems: 2), "The two hosts it joins.", Required: true),
            .. LinkDirection.Keys.Select(k => k.Name == "delay" ? k with { Required = true } : k),
        ])
    {
        ExtraKeys = ("^[A-Za-z0-9_.-]{1,64}>[A-Za-z0-9_.-]{1,64}$", ValueFormat.Mapping(LinkDirection)),
    };

    private static readonly FormatKey[] FaultMatchers =
    [
        new("from", Name, "The sending host.", Required: true),
        new("to", Name, "The receiving host (default: any)."),
        new("flags", SegmentClass, "The class of segment: SYN, SYN-ACK, ACK (pure), DATA, FIN, RST, ANY (default ANY)."),
        new("nth", ValueFormat.Integer(1), "Act on the nth matching segment only (1-based); not with count."),
        new("count", ValueFormat.AnyOf(ValueFormat.Integer(1), ValueFormat.OneOf(["all"])), "Act on the first N matching segments, or all; default: all."),
    ];

    private static readonly FormatKey SentAfter = new("sent_after", Duration, "Only segments sent at or after this time.");
    private static readonly FormatKey SentBefore = new("sent_before", Duration, "Only segments sent before this time.");

    public static readonly MappingFormat Drop = new("drop",
        "Lose the matching segments.",
        [
            .. FaultMatchers,
            new("after", Duration, "Only segments sent at or after this time (same as sent_after)."),
            new("before", Duration, "Only segments sent before this time (same as sent_before)."),
            SentAfter,
            SentBefore,
        ]);

    public static readonly MappingFormat Delay = new("delay",
        "Hold the matching segments for a while before the link carries them.",
        [.. Drop.Keys, new("by", Duration, "How long to hold each segment; greater than 0.", Required: true)]);

    public static readonly MappingFormat Duplicate = new("duplicate",
        "Deliver the matching segments, and a copy of each later.",
        [
            .. FaultMatchers,
            new("after", Duration, "The lag of the copy (or give it as by); greater than 0."),
            new("by", Duration, "The lag of the copy (same as after)."),
            SentAfter,
            SentBefore,
        ])
    {
        Rules = new JsonObject { ["anyOf"] = new JsonArray(Required("after"), Required("by")) },
    };

    /// <summary>The fault kinds, by the single key that names each.</summary>
    public static readonly IReadOnlyList<MappingFormat> FaultKinds = [Drop, Delay, Duplicate];

    public static readonly MappingFormat InjectedSegment = new("injectedSegment",
        "A raw segment as it goes on the wire.",
        [
            new("from", HostPort, "Sender as host:port; the port need not belong to an endpoint.", Required: true),
            new("to", HostPort, "Receiver as host:port; a port without a socket answers with RST.", Required: true),
            new("flags", ValueFormat.Text(), "tcpdump letters (S, S., ., P., F., R, R.) or names joined by '-' (SYN, SYN-ACK, RST-ACK).", Required: true),
            new("seq", UInt32, "Sequence number, absolute (decimal or 0x hex).", Required: true),
            new("ack", UInt32, "Acknowledgment number, absolute (default 0)."),
            new("len", ValueFormat.Integer(0, ushort.MaxValue), "Payload length in bytes (default 0)."),
        ]);

    public static readonly MappingFormat Injection = new("injection",
        "A raw segment put on the wire at a time: old duplicates, probes.",
        [
            new("at", Duration, "When it is sent, since the scenario start.", Required: true),
            new("segment", ValueFormat.Mapping(InjectedSegment), "The segment.", Required: true),
        ]);

    public static readonly MappingFormat Count = new("count",
        "How many segments of a class a host sent.",
        [
            new("from", Name, "The sending host.", Required: true),
            new("to", Name, "The receiving host (default: any)."),
            new("flags", SegmentClass, "The class of segment (default ANY)."),
            new("equals", ValueFormat.Integer(0), "The expected number.", Required: true),
        ]);

    public static readonly MappingFormat StaleBytes = new("staleBytes",
        "How many bytes an endpoint delivered to its application that an earlier connection on the same 4-tuple sent.",
        [
            new("endpoint", ValueFormat.Text("^[A-Za-z0-9_.-]{1,64}(#[0-9]+)?$"), "Whose received bytes are counted, like server#2.", Required: true),
            new("equals", ValueFormat.Integer(0), "The expected number of stale bytes.", Required: true),
        ]);

    /// <summary>The claims an expectation item can make; exactly one per item.</summary>
    public static readonly IReadOnlyList<string> Claims = ["states", "connect", "final", "read", "send", "segments", "count", "stale_bytes", "invariant"];

    /// <summary>The names an <c>invariant:</c> claim takes: a built-in invariant of <c>tcpsim chaos</c>, or <c>all</c>.</summary>
    public static readonly IReadOnlyList<string> InvariantNames = [InvariantExpectation.AllName, .. Invariants.All(1).Select(i => i.Name)];

    public static readonly MappingFormat Expectation = new("expectation",
        "One claim about the run: states, connect, final, read or send (each with endpoint), segments, count, stale_bytes, or invariant.",
        [
            new("endpoint", ValueFormat.Text("^[A-Za-z0-9_.-]{1,64}(#[0-9]+)?$"), "Whose claim: an endpoint, or an accepted connection <listener>#<n> (n from 1)."),
            new("states", ValueFormat.List(State, minItems: 1), "The exact order of the endpoint's state changes."),
            new("connect", ValueFormat.OneOf(ExpectSection.ConnectResults), "The result of the endpoint's connect."),
            new("at", Duration, "With connect: when the result came, since the scenario start."),
            new("within", Duration, "With connect and at: the tolerance (default 1ms)."),
            new("final", State, "The endpoint's state at the end of the run."),
            new("read", ValueFormat.OneOf(ExpectSection.CallResults), "The result of the first read call of the endpoint that reported one: ok, EOF, ECONNRESET, EPIPE, ETIMEDOUT."),
            new("send", ValueFormat.OneOf(ExpectSection.CallResults), "The result of the first send call of the endpoint that reported one: ok, EOF, ECONNRESET, EPIPE, ETIMEDOUT."),
            new("segments", ValueFormat.List(ValueFormat.Text(), minItems: 1), "The whole wire in order, one line per segment: 'from>to [FLAGS] [seq ack [len]] [NOTE] [sack L-R ...]'."),
            new("count", ValueFormat.Mapping(Count), "How many segments of a class were sent."),
            new("stale_bytes", ValueFormat.Mapping(StaleBytes), "Bytes of an earlier incarnation of the 4-tuple delivered as this connection's data."),
            new("invariant", ValueFormat.OneOf(InvariantNames), "A built-in invariant of tcpsim chaos holds for the run (ends, transitions, delivery, complete, timers), or all of them."),
        ])
    {
        Rules = new JsonObject { ["oneOf"] = new JsonArray([.. Claims.Select(c => (JsonNode)Required(c))]) },
    };

    public static readonly MappingFormat Host = new("host",
        "A host in long form: its address and the range its ephemeral ports come from.",
        [
            new("address", Ipv4, "IPv4 address (used in the pcap).", Required: true),
            new("ephemeral_ports", ValueFormat.Text(@"^\s*[0-9]{1,5}\s*-\s*[0-9]{1,5}\s*$"), "LOW-HIGH, the ports connect() picks from (Linux ip_local_port_range; default 32768-60999)."),
        ]);

    public static readonly MappingFormat Chaos = new("chaos",
        "Bounds of the random fault schedules tcpsim chaos draws for this scenario; a key left out keeps its default.",
        [
            new("max_faults", ValueFormat.Integer(0, 100), "Targeted faults per schedule: 0 to this many, uniformly (default 3); 0 to 100."),
            new("actions", ValueFormat.List(ValueFormat.OneOf(ChaosSection.ActionNames), minItems: 1), "The kinds of fault to draw from: drop, delay, duplicate (default all three)."),
            new("flags", ValueFormat.List(SegmentClass, minItems: 1), "The classes of segment the faults target (default all: SYN, SYN-ACK, ACK, DATA, FIN, RST, ANY)."),
            new("max_nth", ValueFormat.Integer(1, 1000), "A fault acts on match 1 to this (nth), on the first 1 to this (count), or on every match (default 3); 1 to 1000."),
            new("max_delay", Duration, "Longest delay hold and duplicate lag, drawn log-uniformly from 100us (default 3s); greater than 0."),
            new("max_loss", Probability, "Most random loss a link direction gets (with probability 1/4 per direction; default 0.2)."),
            new("max_duplicate", Probability, "Most random duplication a link direction gets (default 0.1)."),
            new("max_jitter", Duration, "Most random jitter a link direction gets; beyond the spacing of segments it reorders them (default 5ms)."),
        ]);

    public static readonly MappingFormat Scenario = new("scenario",
        "A tcpsim scenario: hosts, links, faults, endpoints and what their applications do, and expectations about the run.",
        [
            new("name", ValueFormat.Text("^[A-Za-z0-9_.-]{1,100}$"), "Short name; also the output folder name (letters, digits, '.', '_', '-').", Required: true),
            new("description", ValueFormat.Text(), "What the scenario shows; printed in the report."),
            new("seed", ValueFormat.Integer(0), "All randomness (ISNs, loss, jitter) derives from it (default 1)."),
            new("profile", ValueFormat.OneOf(TcpProfiles.Names), "TCP behaviour: linux (Linux 6.18, the default) or rfc9293 (the RFCs' numbers)."),
            new("until", Duration, "Stop time; default: run until no event is left."),
            new("hosts", ValueFormat.Map(NamePattern, ValueFormat.AnyOf(Ipv4, ValueFormat.Mapping(Host)), minProperties: 1), "Host name -> IPv4 address (used in the pcap), or { address, ephemeral_ports }.", Required: true),
            new("links", ValueFormat.List(ValueFormat.Mapping(Link)), "The links between hosts; one per pair."),
            new("faults", ValueFormat.List(FaultItem()), "Targeted, deterministic faults; the first rule that matches a segment acts on it."),
            new("endpoints", ValueFormat.Map(NamePattern, ValueFormat.Mapping(Endpoint)), "Endpoint name -> socket and steps."),
            new("inject", ValueFormat.List(ValueFormat.Mapping(Injection)), "Raw segments to put on the wire."),
            new("expect", ValueFormat.List(ValueFormat.Mapping(Expectation)), "Claims about the run, checked by tcpsim run."),
            new("chaos", ValueFormat.Mapping(Chaos), "Bounds for tcpsim chaos's random fault schedules."),
        ])
    {
        Rules = new JsonObject { ["anyOf"] = new JsonArray(Required("endpoints"), Required("inject")) },
    };

    /// <summary>Every mapping kind, the scenario first; the schema's definitions.</summary>
    public static readonly IReadOnlyList<MappingFormat> All =
        [Scenario, Host, Link, LinkDirection, Drop, Delay, Duplicate, Endpoint, Tcp, Step, Injection, InjectedSegment, Expectation, Count, StaleBytes, Chaos];

    /// <summary>A fault: a mapping with one key, the fault kind, whose value holds the matchers.</summary>
    private static ValueFormat FaultItem() => ValueFormat.Of(new JsonObject
    {
        ["type"] = "object",
        ["minProperties"] = 1,
        ["maxProperties"] = 1,
        ["properties"] = new JsonObject(FaultKinds.Select(m => KeyValuePair.Create(m.Id, (JsonNode?)ValueFormat.Mapping(m).Schema()))),
        ["additionalProperties"] = false,
    });

    private static JsonObject Required(string key) => new() { ["required"] = new JsonArray(key) };

    /// <summary><c>ms</c> → <c>[mM][sS]</c>: units are case-insensitive.</summary>
    private static string AnyCase(string word) =>
        string.Concat(word.Select(c => char.IsAsciiLetter(c) ? $"[{char.ToLowerInvariant(c)}{char.ToUpperInvariant(c)}]" : c.ToString()));
}
