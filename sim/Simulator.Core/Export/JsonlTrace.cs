using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Export;

/// <summary>
/// <c>events.jsonl</c>: a header object (scenario, description, seed, profile, hosts), then every trace event as
/// one JSON object per line with a <c>"type"</c> discriminator, <c>"t_ns"</c> (integer) and <c>"t_ms"</c> (text),
/// keys in a fixed order. <see cref="Read(string, string)"/> rebuilds an equal <see cref="Trace"/>.
/// </summary>
public static class JsonlTrace
{
    public const string Format = "tcpsim-events";
    public const int Version = 1;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    /// <summary>UTF-8 bytes of the whole file, one object per line, each line ending in <c>\n</c>.</summary>
    public static byte[] Write(Trace trace)
    {
        var buffer = new ArrayBufferWriter<byte>();
        WriteLine(buffer, w => WriteHeader(w, trace));
        foreach (var e in trace.Events) WriteLine(buffer, w => WriteEvent(w, e));
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The file as text.</summary>
    public static string WriteText(Trace trace) => Encoding.UTF8.GetString(Write(trace));

    private static void WriteLine(ArrayBufferWriter<byte> buffer, Action<Utf8JsonWriter> body)
    {
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            body(w);
        }
        buffer.Write("\n"u8);
    }

    private static void WriteHeader(Utf8JsonWriter w, Trace trace)
    {
        w.WriteStartObject();
        w.WriteString("type", "header");
        w.WriteString("format", Format);
        w.WriteNumber("version", Version);
        w.WriteString("scenario", trace.Scenario);
        WriteNullable(w, "description", trace.Description);
        w.WriteNumber("seed", trace.Seed);
        w.WriteString("profile", trace.Profile);
        w.WriteStartArray("hosts");
        foreach (var h in trace.Hosts)
        {
            w.WriteStartObject();
            w.WriteString("name", h.Name);
            w.WriteString("address", h.Address.ToString());
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter w, TraceEvent e)
    {
        w.WriteStartObject();
        w.WriteString("type", TypeName(e));
        w.WriteNumber("t_ns", e.Time.Nanoseconds);
        w.WriteString("t_ms", e.Time.ToMillisecondsString());
        switch (e)
        {
            case EndpointCreated c:
                w.WriteString("endpoint", c.Endpoint);
                w.WriteString("host", c.Host);
                w.WriteNumber("port", c.Port);
                WriteNullable(w, "listener", c.Listener);
                break;
            case SegmentSent s:
                w.WriteNumber("id", s.Id);
                w.WriteString("from_host", s.FromHost);
                w.WriteString("to_host", s.ToHost);
                w.WriteString("src", s.Segment.Source.ToString());
                w.WriteString("dst", s.Segment.Destination.ToString());
                w.WriteNumber("seq", s.Segment.Seq.Value);
                w.WriteNumber("ack", s.Segment.Ack.Value);
                w.WriteString("flags", s.Segment.Flags.ToTcpdump());
                w.WriteNumber("len", s.Segment.Length);
                w.WriteNumber("window", s.Segment.Window);
                var o = s.Segment.Options;
                w.WriteStartObject("options");
                w.WriteNumber("mss", o.Mss);
                w.WriteNumber("wscale", o.WindowScale);
                w.WriteBoolean("sack_permitted", o.SackPermitted);
                w.WriteBoolean("timestamp", o.HasTimestamp);
                w.WriteNumber("tsval", o.TsVal);
                w.WriteNumber("tsecr", o.TsEcr);
                if (o.Sack.Count > 0)
                {
                    // Absolute [left, right) pairs in the order sent; only on segments with a SACK option.
                    w.WriteStartArray("sack");
                    foreach (var b in o.Sack.AsSpan())
                    {
                        w.WriteStartArray();
                        w.WriteNumberValue(b.Left.Value);
                        w.WriteNumberValue(b.Right.Value);
                        w.WriteEndArray();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteString("fate", FateName(s.Fate));
                WriteNullable(w, "sender", s.Sender);
                w.WriteBoolean("retransmission", s.Retransmission);
                if (s.ArrivesAt is SimTime at) w.WriteNumber("arrives_ns", at.Nanoseconds);
                else w.WriteNull("arrives_ns");
                WriteNullable(w, "cause", s.Cause);
                break;
            case SegmentDelivered d:
                w.WriteNumber("id", d.Id);
                w.WriteString("to_host", d.ToHost);
                WriteNullable(w, "receiver", d.Receiver);
                break;
            case StateChanged c:
                w.WriteString("endpoint", c.Endpoint);
                w.WriteString("from", c.From.ToRfcName());
                w.WriteString("to", c.To.ToRfcName());
                w.WriteString("cause", c.Cause);
                break;
            case TimerSet t:
                w.WriteString("endpoint", t.Endpoint);
                w.WriteString("timer", TimerName(t.Timer));
                w.WriteNumber("deadline_ns", t.Deadline.Nanoseconds);
                break;
            case TimerFired t:
                w.WriteString("endpoint", t.Endpoint);
                w.WriteString("timer", TimerName(t.Timer));
                break;
            case AppCall a:
                w.WriteString("endpoint", a.Endpoint);
                w.WriteString("call", a.Call);
                WriteNullable(w, "detail", a.Detail);
                break;
            case AppResult r:
                w.WriteString("endpoint", r.Endpoint);
                w.WriteString("event", r.Event);
                w.WriteString("result", r.Result);
                WriteNullable(w, "detail", r.Detail);
                break;
            case FaultApplied f:
                w.WriteNumber("rule", f.Rule);
                w.WriteString("description", f.Description);
                w.WriteNumber("segment_id", f.SegmentId);
                w.WriteString("action", f.Action);
                break;
            case StaleDataDelivered st:
                w.WriteString("endpoint", st.Endpoint);
                w.WriteNumber("bytes", st.Bytes);
                w.WriteNumber("seq", st.Seq.Value);
                w.WriteString("sender", st.Sender);
                w.WriteNumber("sender_connection", st.SenderConnection);
                break;
            case RunEnded r:
                w.WriteString("reason", r.Reason);
                w.WriteNumber("events_processed", r.EventsProcessed);
                break;
        }
        w.WriteEndObject();
    }

    /// <summary>The <c>"type"</c> of an event; every concrete <see cref="TraceEvent"/> has one.</summary>
    public static string TypeName(TraceEvent e) => e switch
    {
        EndpointCreated => "endpoint_created",
        SegmentSent => "segment_sent",
        SegmentDelivered => "segment_delivered",
        StateChanged => "state_changed",
        TimerSet => "timer_set",
        TimerFired => "timer_fired",
        AppCall => "app_call",
        AppResult => "app_result",
        FaultApplied => "fault_applied",
        StaleDataDelivered => "stale_data_delivered",
        RunEnded => "run_ended",
        _ => throw new NotSupportedException($"events.jsonl has no encoding for {e.GetType().Name}"),
    };

    private static readonly string[] FateNames = ["delivered", "lost", "delayed", "duplicate", "injected"];
    private static readonly string[] TimerNames = ["retransmit", "delayed_ack", "time_wait", "fin_wait_2", "loss_probe", "persist"];

    private static string FateName(SegmentFate f) => FateNames[(int)f];
    private static string TimerName(TimerKind k) => TimerNames[(int)k];

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    /// <summary>Rebuilds the trace written by <see cref="Write"/>.</summary>
    /// <exception cref="TraceFormatException">Malformed input, located as <c>file:line</c>.</exception>
    public static Trace Read(byte[] utf8, string inputName = "events.jsonl") => Read(Encoding.UTF8.GetString(utf8), inputName);

    /// <inheritdoc cref="Read(byte[], string)"/>
    public static Trace Read(string text, string inputName = "events.jsonl")
    {
        Trace? trace = null;
        int lineNo = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNo++;
            string line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            var r = new LineReader(inputName, lineNo);
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line);
            }
            catch (JsonException ex)
            {
                throw r.Error("not JSON: " + ex.Message);
            }
            using (doc)
            {
                var o = doc.RootElement;
                if (o.ValueKind != JsonValueKind.Object) throw r.Error("expected a JSON object");
                string type = r.Str(o, "type");
                if (trace is null)
                {
                    if (type != "header") throw r.Error($"the first line must be the header object, not '{type}'");
                    trace = ReadHeader(r, o);
                    continue;
                }
                TraceEvent e = ReadEvent(r, o, type);
                try
                {
                    trace.Add(e);
                }
                catch (InvalidOperationException ex)
                {
                    throw r.Error(ex.Message);
                }
            }
        }
        return trace ?? throw new TraceFormatException(inputName, 0, "empty file (no header line)");
    }

    private static Trace ReadHeader(LineReader r, JsonElement o)
    {
        string format = r.Str(o, "format");
        if (format != Format) throw r.Error($"format '{format}' is not '{Format}'");
        long version = r.Long(o, "version");
        if (version != Version) throw r.Error($"version {version} is not supported (expected {Version})");
        var hosts = new List<HostInfo>();
        if (!o.TryGetProperty("hosts", out var hs) || hs.ValueKind != JsonValueKind.Array) throw r.Error("'hosts' must be an array");
        foreach (var h in hs.EnumerateArray())
        {
            string address = r.Str(h, "address");
            if (!Ipv4Address.TryParse(address, out var ip)) throw r.Error($"host address '{address}' is not IPv4");
            hosts.Add(new HostInfo(r.Str(h, "name"), ip));
        }
        if (!o.TryGetProperty("seed", out var seed) || !seed.TryGetUInt64(out ulong seedValue)) throw r.Error("'seed' must be an unsigned integer");
        return new Trace(r.Str(o, "scenario"), r.StrOrNull(o, "description"), seedValue, r.Str(o, "profile"), hosts);
    }

    private static TraceEvent ReadEvent(LineReader r, JsonElement o, string type)
    {
        var t = new SimTime(r.Long(o, "t_ns"));
        switch (type)
        {
            case "endpoint_created":
                return new EndpointCreated(t, r.Str(o, "endpoint"), r.Str(o, "host"), r.UShort(o, "port"), r.StrOrNull(o, "listener"));
            case "segment_sent":
            {
                string flagsText = r.Str(o, "flags");
                TcpFlags flags = TcpFlags.None;
                if (flagsText != "[none]" && !TcpFlagsExtensions.TryParseTcpdump(flagsText, out flags))
                    throw r.Error($"'flags' '{flagsText}' are not tcpdump flags");
                if (!o.TryGetProperty("options", out var op) || op.ValueKind != JsonValueKind.Object) throw r.Error("'options' must be an object");
                long wscale = r.Long(op, "wscale");
                if (wscale is < sbyte.MinValue or > sbyte.MaxValue) throw r.Error("'wscale' out of range");
                var options = new TcpOptions(r.UShort(op, "mss"), (sbyte)wscale, r.Bool(op, "sack_permitted"),
                    r.Bool(op, "timestamp"), r.UInt(op, "tsval"), r.UInt(op, "tsecr")) { Sack = r.Sack(op) };
                var segment = new Segment(r.Address(o, "src"), r.Address(o, "dst"), new SeqNum(r.UInt(o, "seq")),
                    new SeqNum(r.UInt(o, "ack")), flags, r.Int(o, "len"), r.UInt(o, "window"), options);
                string fateText = r.Str(o, "fate");
                int fate = Array.IndexOf(FateNames, fateText);
                if (fate < 0) throw r.Error($"'fate' '{fateText}' is not one of {string.Join(", ", FateNames)}");
                SimTime? arrives = r.IsNull(o, "arrives_ns") ? null : new SimTime(r.Long(o, "arrives_ns"));
                return new SegmentSent(t, r.Long(o, "id"), r.Str(o, "from_host"), r.Str(o, "to_host"), segment,
                    (SegmentFate)fate, r.StrOrNull(o, "sender"), r.Bool(o, "retransmission"), arrives, r.StrOrNull(o, "cause"));
            }
            case "segment_delivered":
                return new SegmentDelivered(t, r.Long(o, "id"), r.Str(o, "to_host"), r.StrOrNull(o, "receiver"));
            case "state_changed":
                return new StateChanged(t, r.Str(o, "endpoint"), r.State(o, "from"), r.State(o, "to"), r.Str(o, "cause"));
            case "timer_set":
                return new TimerSet(t, r.Str(o, "endpoint"), r.Timer(o, "timer"), new SimTime(r.Long(o, "deadline_ns")));
            case "timer_fired":
                return new TimerFired(t, r.Str(o, "endpoint"), r.Timer(o, "timer"));
            case "app_call":
                return new AppCall(t, r.Str(o, "endpoint"), r.Str(o, "call"), r.StrOrNull(o, "detail"));
            case "app_result":
                return new AppResult(t, r.Str(o, "endpoint"), r.Str(o, "event"), r.Str(o, "result"), r.StrOrNull(o, "detail"));
            case "fault_applied":
                return new FaultApplied(t, r.Int(o, "rule"), r.Str(o, "description"), r.Long(o, "segment_id"), r.Str(o, "action"));
            case "stale_data_delivered":
                return new StaleDataDelivered(t, r.Str(o, "endpoint"), r.Long(o, "bytes"), new SeqNum(r.UInt(o, "seq")),
                    r.Str(o, "sender"), r.Int(o, "sender_connection"));
            case "run_ended":
                return new RunEnded(t, r.Str(o, "reason"), r.Long(o, "events_processed"));
            default:
                throw r.Error($"unknown event type '{type}'");
        }
    }

    private readonly struct LineReader(string inputName, int line)
    {
        public TraceFormatException Error(string message) => new(inputName, line, message);

        private JsonElement Get(JsonElement o, string name) =>
            o.TryGetProperty(name, out var v) ? v : throw Error($"missing '{name}'");

        public bool IsNull(JsonElement o, string name) => Get(o, name).ValueKind == JsonValueKind.Null;

        public string Str(JsonElement o, string name)
        {
            var v = Get(o, name);
            return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error($"'{name}' must be a string");
        }

        public string? StrOrNull(JsonElement o, string name)
        {
            var v = Get(o, name);
            return v.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => v.GetString(),
                _ => throw Error($"'{name}' must be a string or null"),
            };
        }

        public long Long(JsonElement o, string name) =>
            Get(o, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out long x) ? x : throw Error($"'{name}' must be an integer");

        public int Int(JsonElement o, string name) =>
            Get(o, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out int x) ? x : throw Error($"'{name}' must be a 32-bit integer");

        public uint UInt(JsonElement o, string name) =>
            Get(o, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetUInt32(out uint x) ? x : throw Error($"'{name}' must be an unsigned 32-bit integer");

        /// <summary>The optional <c>sack</c> array of <c>[left, right]</c> pairs; none when absent.</summary>
        public SackBlocks Sack(JsonElement options)
        {
            if (!options.TryGetProperty("sack", out var v)) return SackBlocks.None;
            const string shape = "'sack' must be an array of [left, right] pairs of unsigned 32-bit integers";
            if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0) throw Error(shape);
            var blocks = new List<SackBlock>();
            foreach (var pair in v.EnumerateArray())
            {
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                    || !pair[0].TryGetUInt32(out uint left) || !pair[1].TryGetUInt32(out uint right))
                    throw Error(shape);
                blocks.Add(new SackBlock(new SeqNum(left), new SeqNum(right)));
            }
            return new SackBlocks(blocks.ToArray());
        }

        public ushort UShort(JsonElement o, string name) =>
            Get(o, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetUInt16(out ushort x) ? x : throw Error($"'{name}' must be an integer 0-65535");

        public bool Bool(JsonElement o, string name) => Get(o, name).ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"'{name}' must be true or false"),
        };

        public TcpState State(JsonElement o, string name)
        {
            string s = Str(o, name);
            return TcpStateNames.TryParse(s, out var state) ? state : throw Error($"'{name}' '{s}' is not a TCP state");
        }

        public TimerKind Timer(JsonElement o, string name)
        {
            string s = Str(o, name);
            int i = Array.IndexOf(TimerNames, s);
            return i >= 0 ? (TimerKind)i : throw Error($"'{name}' '{s}' is not one of {string.Join(", ", TimerNames)}");
        }

        public TransportAddress Address(JsonElement o, string name)
        {
            string s = Str(o, name);
            int colon = s.LastIndexOf(':');
            if (colon > 0 && Ipv4Address.TryParse(s[..colon], out var ip)
                && ushort.TryParse(s.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port))
                return new TransportAddress(ip, port);
            throw Error($"'{name}' '{s}' is not an IPv4 address and port (a.b.c.d:port)");
        }
    }
}
