using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using Simulator.Core.Tracing;
using static Simulator.Core.Tcp.TcpState;

namespace Simulator.Core.Tests.Scenarios;

/// <summary>RFC 9293's figures as two-endpoint flows over the simulated network.</summary>
public sealed class RfcFigureTests
{
    private static ScenarioBuilder Exchange(SimDuration? delay = null) => ScenarioBuilder.ClientServer(delay)
        .Server(Step.On(AppEventKind.Received, Step.Send(100), bytes: 100), Step.On(AppEventKind.Eof, Step.Close()))
        .Client(Step.At(0, Step.Connect()), Step.On(AppEventKind.Established, Step.Send(100)), Step.On(AppEventKind.Received, Step.Close(), bytes: 100));

    [Fact]
    public void Figure6_ThreeWayHandshake()
    {
        var trace = ScenarioBuilder.ClientServer().Server().Client(Step.At(0, Step.Connect())).Run();
        Assert.Equal(["client>server [S] 0 0 0", "server>client [S.] 0 1 0", "client>server [.] 1 1 0"], trace.Wire());
        Assert.Equal([SynSent, Established], trace.States("client"));
        Assert.Equal([SynReceived, Established], trace.States("server#1"));
    }

    [Fact]
    public void Figure7_SimultaneousOpen()
    {
        var trace = ScenarioBuilder.ClientServer(SimDuration.FromMilliseconds(10))
            .Endpoint("a", "client", 5000, null, Step.At(0, Step.Connect("server:6000")))
            .Endpoint("b", "server", 6000, null, Step.At(0, Step.Connect("client:5000")))
            .Run();
        Assert.Equal([SynSent, SynReceived, Established], trace.States("a"));
        Assert.Equal([SynSent, SynReceived, Established], trace.States("b"));
        // Both SYNs arrive at 10 ms; a's arrives first (sent first), so b answers first. Each SYN,ACK's SYN is a
        // duplicate by the time it arrives: each side ACKs it at once with a D-SACK for it (Linux), six segments in all.
        Assert.Equal(["client>server [S] 0 0 0", "server>client [S] 0 0 0", "server>client [S.] 0 1 0", "client>server [S.] 0 1 0",
            "client>server [.] 1 1 0 dsack 0-1", "server>client [.] 1 1 0 dsack 0-1"], trace.Wire());
    }

    [Fact]
    public void Figure8_OldDuplicateSynWhileInSynSent_ResetThenNormalHandshake()
    {
        var trace = ScenarioBuilder.ClientServer()
            .Server()
            .Client(Step.At(0, Step.Connect()))
            .Fault(FaultAction.Delay, "client", SegmentKind.Syn, nth: 1, by: SimDuration.FromMilliseconds(50))
            .Inject(SimTime.Zero, "client", 40000, "server", 5000, TcpFlags.Syn, 90)
            .Run();
        Assert.Equal([SynReceived, Closed], trace.States("server#1"));
        Assert.Equal([SynReceived, Established], trace.States("server#2"));
        Assert.Equal([SynSent, Established], trace.States("client"));
        var rst = trace.OfType<SegmentSent>().Single(s => s.Segment.Is(TcpFlags.Rst));
        Assert.Equal(91u, rst.Segment.Seq.Value);
        Assert.Equal("client", rst.Sender);
        Assert.DoesNotContain(trace.OfType<AppResult>(), a => a.Endpoint == "server#1" && a.Event == "accepted");
    }

    [Fact]
    public void Figure9_HalfOpenDiscovery_ChallengeAckThenResetThenNewConnection()
    {
        var trace = ScenarioBuilder.ClientServer()
            .Server()
            .Client(Step.At(0, Step.Connect()), Step.At(1000, Step.Abort()), Step.At(10_000, Step.Connect()))
            .Fault(FaultAction.Drop, "client", SegmentKind.Rst, nth: 1)
            .Run();
        Assert.Equal([SynReceived, Established, Closed], trace.States("server#1"));
        Assert.Equal("ECONNRESET", trace.OfType<AppResult>().Single(a => a.Endpoint == "server#1" && a.Event == "failed").Result);
        Assert.Equal([SynReceived, Established], trace.States("server#2"));
        Assert.Equal([SynSent, Established, Closed, SynSent, Established], trace.States("client"));
        Assert.Equal(11_000.030, trace.OfType<AppResult>().Last(a => a.Endpoint == "client" && a.Event == "connect").Time.TotalMilliseconds, 3);
    }

    [Fact]
    public void Figure10_DataToACrashedPeer_IsReset()
    {
        var trace = ScenarioBuilder.ClientServer()
            .Server(Step.On(AppEventKind.Established, Step.Send(100), afterMs: 2000))
            .Client(Step.At(0, Step.Connect()), Step.At(1000, Step.Abort()))
            .Fault(FaultAction.Drop, "client", SegmentKind.Rst, nth: 1)
            .Run();
        var reset = trace.OfType<SegmentSent>().Last(s => s.Segment.Is(TcpFlags.Rst));
        Assert.Null(reset.Sender);   // the client's host answered: no socket
        Assert.Equal("ECONNRESET", trace.OfType<AppResult>().Single(a => a.Endpoint == "server#1" && a.Event == "failed").Result);
    }

    [Fact]
    public void Figure11_OldSynToListener_ResetAndNothingAccepted()
    {
        var trace = ScenarioBuilder.ClientServer().Server()
            .Inject(SimTime.Zero, "client", 40001, "server", 5000, TcpFlags.Syn, 4096)
            .Run();
        Assert.Equal(["client>server [S] 0 0 0 INJECTED", "server>client [S.] 0 1 0", "client>server [R] 1 0 0"], trace.Wire());
        Assert.Equal([SynReceived, Closed], trace.States("server#1"));
        Assert.Equal([Listen], trace.States("server"));
    }

    [Fact]
    public void Figure12_NormalClose_ThreeSegmentsWhenTheServerClosesAtOnce()
    {
        var trace = Exchange().Run();
        Assert.Equal([SynSent, Established, FinWait1, TimeWait, Closed], trace.States("client"));
        Assert.Equal([SynReceived, Established, CloseWait, LastAck, Closed], trace.States("server#1"));
        Assert.Equal(["client>server [F.] 101 101 0", "server>client [F.] 101 102 0", "client>server [.] 102 102 0"], trace.Wire()[^3..]);
    }

    [Fact]
    public void Figure12_NormalClose_FourSegmentsWhenTheServerWaits()
    {
        var trace = ScenarioBuilder.ClientServer()
            .Server(Step.On(AppEventKind.Eof, Step.Close(), afterMs: 1000))
            .Client(Step.At(0, Step.Connect()), Step.On(AppEventKind.Established, Step.Close(), afterMs: 1))
            .Run();
        Assert.Equal([SynSent, Established, FinWait1, FinWait2, TimeWait, Closed], trace.States("client"));
        Assert.Equal(["client>server [F.] 1 1 0", "server>client [.] 1 2 0", "server>client [F.] 1 2 0", "client>server [.] 2 2 0"], trace.Wire()[^4..]);
        var times = trace.OfType<SegmentSent>().Select(s => s.Time.TotalMilliseconds).ToArray();
        // One-way delay, then the ACK of the FIN: delayed (pingpong after a FIN) by ato, which is still 0 on a
        // connection that carried no data, so it leaves at the next timer tick, 4 ms (Linux, fin-no-data).
        Assert.Equal(4.015, times[^3] - times[^4], 3);
    }

    [Fact]
    public void Figure13_SimultaneousClose_BothThroughClosingIntoTimeWait()
    {
        var trace = ScenarioBuilder.ClientServer(SimDuration.FromMilliseconds(5))
            .Server(Step.At(100, Step.Close()))
            .Client(Step.At(0, Step.Connect()), Step.At(100, Step.Close()))
            .Run();
        Assert.Equal([SynSent, Established, FinWait1, Closing, TimeWait, Closed], trace.States("client"));
        Assert.Equal([SynReceived, Established, FinWait1, Closing, TimeWait, Closed], trace.States("server#1"));
    }

    [Fact]
    public void HalfClose_DataKeepsFlowingToTheSideThatSentFin()
    {
        var trace = ScenarioBuilder.ClientServer(SimDuration.FromMilliseconds(1))
            .Server(Step.On(AppEventKind.Eof, Step.Send(20_000), afterMs: 5), Step.On(AppEventKind.Eof, Step.Close(), afterMs: 5))
            .Client(Step.At(0, Step.Connect()), Step.On(AppEventKind.Established, Step.Shutdown()))
            .Run();
        Assert.Equal([SynSent, Established, FinWait1, FinWait2, TimeWait, Closed], trace.States("client"));
        Assert.Equal("20000", trace.OfType<AppResult>().Last(a => a.Endpoint == "client" && a.Event == "received").Result);
    }

    [Fact]
    public void ConnectionRefused_FailsAtOnceWithoutRetransmission()
    {
        var trace = ScenarioBuilder.ClientServer().Client(Step.At(0, Step.Connect("server:5001"))).Run();
        Assert.Equal(["client>server [S] 0 0 0", "server>client [R.] 0 1 0"], trace.Wire());
        var connect = trace.Connect("client")!;
        Assert.Equal("ECONNREFUSED", connect.Result);
        Assert.Equal(0.030, connect.Time.TotalMilliseconds, 6);
    }

    [Fact]
    public void LostLastAck_TimeWaitReAcksTheResentFin()
    {
        var trace = Exchange().Fault(FaultAction.Drop, "client", SegmentKind.Ack, nth: 3).Run();
        Assert.Equal(["server>client [F.] 101 102 0", "client>server [.] 102 102 0 LOST", "server>client [F.] 101 102 0", "client>server [.] 102 102 0"], trace.Wire()[^4..]);
        var resend = trace.OfType<SegmentSent>().Where(s => s.FromHost == "server" && s.Segment.Is(TcpFlags.Fin)).Select(s => s.Time.TotalMilliseconds).ToArray();
        Assert.Equal(204.0, resend[1] - resend[0], 0);   // a tail-loss probe
        // TIME-WAIT restarted at the re-ACK: it ends 60 s after it, not after the first ACK.
        var end = trace.OfType<StateChanged>().Last(c => c.Endpoint == "client");
        Assert.Equal(60_000 + resend[1] + 0.015, end.Time.TotalMilliseconds, 3);
    }

    [Fact]
    public void Determinism_SameScenarioAndSeed_GiveIdenticalTraces()
    {
        var lossy = new LinkDirectionSpec(SimDuration.FromMilliseconds(2), SimDuration.FromMilliseconds(3), 0.2, 0.05, 10_000_000);
        string Run() => string.Join('\n', Exchange().Link(lossy).Seed(99).Run().Events.Select(e => e.ToString()));
        string first = Run();
        Assert.Equal(first, Run());
        Assert.Contains("Lost", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Core_HasNoHiddenClocksOrGlobalRandomness()
    {
        string[] forbidden = ["DateTime.Now", "DateTime.UtcNow", "DateTimeOffset.Now", "DateTimeOffset.UtcNow", "Stopwatch", "Random.Shared",
            "new Random(", "Thread.Sleep", "Task.Delay", "Environment.TickCount", "Guid.NewGuid", "TimeProvider.System"];
        string core = Path.Combine(RepoPaths.Root, "sim", "Simulator.Core");
        var files = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(files);
        var hits = files.SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => forbidden.Any(w => x.line.Contains(w, StringComparison.Ordinal)))
            .Select(x => $"{Path.GetRelativePath(core, x.f)}:{x.i + 1}: {x.line.Trim()}").ToArray();
        Assert.True(hits.Length == 0, string.Join('\n', hits));
    }

    [Fact]
    public void RunEnd_IsTheLastEventThatHappened_NotAStaleTimerWakeUp()
    {
        // The server's half-open connection is reset at once: its SYN-ACK timer (1 s) is cancelled but its
        // wake-up stays queued. The run ends when the reset lands, not at the stale wake-up.
        var result = ScenarioRunner.Run(ScenarioBuilder.ClientServer().Server()
            .Inject(SimTime.Zero, "client", 40001, "server", 5000, TcpFlags.Syn, 4096).Build());
        Assert.Equal(0.045, result.Outcome.EndTime.TotalMilliseconds, 6);
        Assert.Equal(0.045, result.Trace!.OfType<RunEnded>().Single().Time.TotalMilliseconds, 6);
    }
}
