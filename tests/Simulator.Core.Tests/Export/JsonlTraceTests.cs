using System.Reflection;
using System.Text;
using Simulator.Core.Export;
using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Export;

public sealed class JsonlTraceTests
{
    /// <summary>A trace holding one of every event type.</summary>
    private static Trace AllEvents()
    {
        var b = new TraceBuilder("all \"events\" → é");
        b.Add(new EndpointCreated(new SimTime(0), "server", "server", 5000, null));
        b.Add(new EndpointCreated(new SimTime(1), "server#1", "server", 5000, "server"));
        b.Add(new AppCall(new SimTime(2), "client", "send", null));
        b.Add(new AppResult(new SimTime(3), "client", "connect", "ECONNREFUSED", "after 1 s"));
        b.Add(new AppResult(new SimTime(3), "client", "received", "ok", null));
        b.Add(new TimerSet(new SimTime(4), "client", TimerKind.DelayedAck, new SimTime(40_000_004)));
        b.Add(new TimerFired(new SimTime(5), "client", TimerKind.FinWait2));
        b.Add(new TimerFired(new SimTime(5), "client", TimerKind.TimeWait));
        b.Add(new FaultApplied(new SimTime(6), 2, "delay from client by 30s", 1, "delay"));
        b.State(0.001, "client", TcpState.Closing, TcpState.TimeWait, "ACK of FIN");
        foreach (SegmentFate fate in Enum.GetValues<SegmentFate>())
            b.Send(0.002, "client", 40000, "server", 5000, TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Ack, uint.MaxValue, 7, len: 1448, fate: fate, sender: fate == SegmentFate.Injected ? null : "client", retransmission: fate == SegmentFate.Delayed, options: new TcpOptions(536, 14, true, true, uint.MaxValue, 1), window: 3_000_000);
        b.Send(0.003, "server", 5000, "client", 40000, TcpFlags.None, 0, 0);
        b.Add(new StaleDataDelivered(SimTime.FromSeconds(1), "server#2", 100, new SeqNum(uint.MaxValue), "client", 1));
        b.Add(new RunEnded(SimTime.FromSeconds(200), "stop time", long.MaxValue));
        return b.Build();
    }

    public static TheoryData<string> Traces() => new() { "normal", "lost-syn", "stale-syn", "all" };

    private static Trace ByName(string name) => name switch
    {
        "normal" => TestTraces.Normal(),
        "lost-syn" => TestTraces.LostSyn(),
        "stale-syn" => TestTraces.InjectedRst(),
        _ => AllEvents(),
    };

    [Theory]
    [MemberData(nameof(Traces))]
    public void WriteReadWrite_IdenticalBytes(string name)
    {
        var trace = ByName(name);
        byte[] first = JsonlTrace.Write(trace);
        var read = JsonlTrace.Read(first);
        byte[] second = JsonlTrace.Write(read);
        Assert.Equal(first, second);
        Assert.Equal(trace.Events, read.Events);
        Assert.Equal(trace.Hosts, read.Hosts);
        Assert.Equal((trace.Scenario, trace.Description, trace.Seed, trace.Profile), (read.Scenario, read.Description, read.Seed, read.Profile));
    }

    [Fact]
    public void Header_FirstLineWithScenarioAndHosts()
    {
        string text = JsonlTrace.WriteText(TestTraces.Normal());
        string[] lines = text.Split('\n');
        Assert.Equal(
            """{"type":"header","format":"tcpsim-events","version":1,"scenario":"normal","description":"built by hand","seed":7,"profile":"linux","hosts":[{"name":"client","address":"10.0.0.1"},{"name":"server","address":"10.0.0.2"}]}""",
            lines[0]);
        Assert.Equal(TestTraces.Normal().Events.Count + 2, lines.Length); // header + events + the empty string after the final \n
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentLine_FixedKeyOrder()
    {
        string line = JsonlTrace.WriteText(TestTraces.LostSyn()).Split('\n').First(l => l.Contains("segment_sent", StringComparison.Ordinal));
        Assert.Equal(
            """{"type":"segment_sent","t_ns":0,"t_ms":"0.000","id":1,"from_host":"client","to_host":"server","src":"10.0.0.1:40000","dst":"10.0.0.2:5000","seq":1000000,"ack":0,"flags":"[S]","len":0,"window":64240,"options":{"mss":1460,"wscale":7,"sack_permitted":true,"timestamp":true,"tsval":100,"tsecr":0},"fate":"lost","sender":"client","retransmission":false,"arrives_ns":null,"cause":null}""",
            line);
    }

    [Fact]
    public void OtherLines_TypeTimeThenFields()
    {
        string[] lines = JsonlTrace.WriteText(TestTraces.Normal()).Split('\n');
        Assert.Contains("""{"type":"state_changed","t_ns":15000,"t_ms":"0.015","endpoint":"server#1","from":"LISTEN","to":"SYN-RECEIVED","cause":"SYN"}""", lines);
        Assert.Contains("""{"type":"segment_delivered","t_ns":15000,"t_ms":"0.015","id":1,"to_host":"server","receiver":"server"}""", lines);
        Assert.Contains("""{"type":"timer_set","t_ns":0,"t_ms":"0.000","endpoint":"client","timer":"retransmit","deadline_ns":1000000000}""", lines);
        Assert.Contains("""{"type":"endpoint_created","t_ns":15000,"t_ms":"0.015","endpoint":"server#1","host":"server","port":5000,"listener":"server"}""", lines);
        Assert.Contains("""{"type":"run_ended","t_ns":60030015000,"t_ms":"60030.015","reason":"no event left","events_processed":42}""", lines);
    }

    [Fact]
    public void EveryTraceEventType_HasAnEncoding()
    {
        var types = typeof(TraceEvent).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(TraceEvent)) && !t.IsAbstract).ToList();
        var covered = AllEvents().Events.Select(e => e.GetType()).ToHashSet();
        Assert.All(types, t => Assert.Contains(t, covered));
    }

    [Theory]
    [InlineData("", "events.jsonl: empty file")]
    [InlineData("{\"type\":\"state_changed\"}", "events.jsonl:1: the first line must be the header")]
    [InlineData("not json", "events.jsonl:1: not JSON")]
    public void Read_BadInput_Located(string text, string message)
    {
        var ex = Assert.Throws<TraceFormatException>(() => JsonlTrace.Read(text));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadEventLine_NamesLineAndField()
    {
        string[] lines = JsonlTrace.WriteText(TestTraces.LostSyn()).Split('\n');
        lines[3] = lines[3].Replace("\"t_ns\":", "\"t_nx\":", StringComparison.Ordinal);
        var ex = Assert.Throws<TraceFormatException>(() => JsonlTrace.Read(string.Join('\n', lines), "run/events.jsonl"));
        Assert.Equal("run/events.jsonl:4: missing 't_ns'", ex.Message);

        lines = JsonlTrace.WriteText(TestTraces.LostSyn()).Split('\n');
        lines[2] = lines[2].Replace("\"t_ns\":0", "\"t_ns\":9999999999", StringComparison.Ordinal);
        ex = Assert.Throws<TraceFormatException>(() => JsonlTrace.Read(string.Join('\n', lines)));
        Assert.StartsWith("events.jsonl:4: trace is append-only in time order", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_IsUtf8WithoutBom()
    {
        byte[] bytes = JsonlTrace.Write(AllEvents());
        Assert.Equal((byte)'{', bytes[0]);
        Assert.Contains("all \\\"events\\\" → é", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }
}
