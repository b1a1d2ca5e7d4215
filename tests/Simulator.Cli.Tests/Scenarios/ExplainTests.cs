using Simulator.Core.Explain;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Cli.Tests.Scenarios;

/// <summary>
/// The explanations of the classic cases and the why/ pairs state the facts of their runs (the retransmission, its
/// timing and cause, the state and its rule), in English and in Chinese.
/// </summary>
public sealed class ExplainTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Trace Run(string name) => ScenarioRunner.Run(ShippedScenarios.Load(name)).Trace!;

    private static (string En, string Zh) Explain(string name)
    {
        Explanation e = TraceExplainer.Explain(Run(name));
        return (MessageCatalog.Render(e, ExplainLanguage.En), MessageCatalog.Render(e, ExplainLanguage.Zh));
    }

    private static (string En, string Zh) Pair(string real, string variant)
    {
        Explanation e = PairExplainer.Compare(Run(real), Run(variant));
        return (MessageCatalog.Render(e, ExplainLanguage.En), MessageCatalog.Render(e, ExplainLanguage.Zh));
    }

    /// <summary>The gap between the first and second sending of segments of a kind by a host, as explanations print it.</summary>
    private static string Gap(Trace trace, string from, Func<Segment, bool> kind)
    {
        var times = trace.OfType<SegmentSent>().Where(s => s.FromHost == from && kind(s.Segment)).Select(s => s.Time).ToArray();
        return MessageCatalog.FormatDuration(times[1] - times[0]);
    }

    [Fact]
    public void LostSyn_SaysTheSynWasResentAfterOneSecondAndWhy()
    {
        var (en, zh) = Explain("lost-syn");
        Assert.Contains("0.000 ms  client → server: SYN, seq 0.", en);
        Assert.Contains("✗ lost: no SYN-ACK can come back", en);
        Assert.Contains("1000.000 ms  client → server: SYN again (retransmission 1), 1 s after the previous copy: the retransmission timer expired without a SYN-ACK.", en);
        Assert.Contains("TCP_TIMEOUT_INIT", en);
        Assert.Contains("1, 1, 1, 1, 1, 2, 4, 8", en);
        Assert.Contains("tcp_syn_linear_timeouts = 4", en);
        Assert.Contains("1000.000 ms  client → server：再次发送 SYN（第 1 次重传），距上一次 1 s：重传定时器超时", zh);
        Assert.Contains("1、1、1、1、1、2、4、8", zh);
        Assert.Contains("三次握手", zh);
    }

    [Fact]
    public void LostData_SaysWhichRuleResentIt_SackAtOnce_Probe_Rto()
    {
        var (withFin, withFinZh) = Explain("lost-data-with-fin");
        Assert.Contains("client → server: the 100 bytes at seq 1 again, 0.068 ms after the previous copy: the ACKs of later segments show them missing", withFin);
        Assert.Contains("without waiting for the retransmission timer", withFin);
        Assert.Contains("立即重传，不必等待重传定时器", withFinZh);
        var (threeTimes, _) = Explain("lost-data-3x");
        Assert.Contains("204 ms after the previous copy: a tail-loss probe (RFC 8985 section 7)", threeTimes);
        Assert.Contains("408 ms after the previous copy: the retransmission timer (RTO) expired", threeTimes);
        var (lostResend, _) = Explain("lost-retransmission");
        Assert.Contains("204 ms after the previous copy: the retransmission timer (RTO) expired", lostResend);
    }

    [Fact]
    public void DataNagleHeld_GoesAsTheProbe_AndTheExplanationSaysWhy()
    {
        var (en, zh) = Explain("small-writes-lost-first");
        Assert.Contains("205.150 ms  client → server: 200 bytes of data, seq 101, as a tail-loss probe (RFC 8985 section 7)", en);
        Assert.Contains("Nagle's algorithm (RFC 896) held them", en);
        Assert.Contains("Nagle 算法（RFC 896）便把它们留在发送缓冲区里", zh);
    }

    [Fact]
    public void WriteWriteRead_TheHeldWriteIsExplainedByNagleAndTheDelayedAck()
    {
        var (en, zh) = Explain("write-write-read");
        Assert.Contains("client → server: 50 bytes of data, seq 151, written 40.02 ms ago. Shorter than a segment, they waited under Nagle's algorithm", en);
        Assert.Contains("50 字节数据，序列号 151，40.02 ms 之前就已写入", zh);
        Assert.DoesNotContain("seq 101, written", en);                   // the first part left at once
    }

    [Fact]
    public void LostSynAck_SaysBothTimersFiredAndTheListenerAnsweredTheRepeatedSyn()
    {
        var (en, zh) = Explain("lost-synack");
        Assert.Contains("✗ lost: the client stays in SYN-SENT and the server in SYN-RECEIVED", en);
        Assert.Contains("1000.015 ms  server → client: SYN-ACK again, 1 s after the previous copy: its SYN-ACK timer expired", en);
        Assert.Contains("1000.015 ms  server → client: SYN-ACK again, at once: the peer's SYN arrived a second time", en);
        Assert.Contains("客户端停在 SYN_SENT，服务器停在 SYN_RCVD", zh);
        Assert.Contains("SYN-ACK 定时器超时", zh);
        Assert.Contains("立即再次发送 SYN-ACK", zh);
    }

    [Fact]
    public void LostFinalAck_SaysTheServerWaitedInSynReceivedUntilItsTimer()
    {
        var (en, zh) = Explain("lost-final-ack");
        Assert.Contains("✗ lost: the client is already ESTABLISHED, but the server stays in SYN-RECEIVED", en);
        Assert.Contains("1000.015 ms  server → client: SYN-ACK again, 1 s after the previous copy", en);
        Assert.Contains("1000.030 ms  client → server: ACK, ack 1: it answers the repeated SYN-ACK", en);
        Assert.Contains("1000.045 ms  server#1: the ACK of its SYN-ACK arrives: ESTABLISHED", en);
        Assert.Contains("服务器却仍停在 SYN_RCVD", zh);
        Assert.Contains("回应重传的 SYN-ACK", zh);
        Assert.Contains("半连接", zh);
    }

    [Fact]
    public void StaleDelayedSyn_SaysTheOldSynsHalfOpenConnectionsWereResetAndNeverAccepted()
    {
        var (en, zh) = Explain("stale-delayed-syn");
        Assert.Contains("30.000 s  a: an RST arrives in TIME-WAIT and ends it early: CLOSED (Linux tcp_rfc1337 = 0", en);
        Assert.Contains("31.000 s  server#3: an RST answers its SYN-ACK: the peer has no such connection.", en);
        Assert.Contains("90.000 s  server#4: an RST answers its SYN-ACK", en);
        Assert.Contains("client-b has no socket for this 4-tuple", en);
        Assert.Contains("the application never saw it (RFC 9293 3.10.7.4, Fig 11)", en);
        Assert.Contains("TIME_WAIT 提前结束", zh);
        Assert.Contains("这个半连接被丢弃", zh);
    }

    [Fact]
    public void SimultaneousClose_SaysBothSidesPassedClosingIntoTimeWait()
    {
        var (en, zh) = Explain("simultaneous-close");
        foreach (string ep in new[] { "client", "server#1" })
        {
            Assert.Contains($"{ep}: the peer's FIN arrives while its own FIN is not yet acknowledged: CLOSING (simultaneous close, RFC 9293 Fig 13)", en);
            Assert.Contains($"{ep}: the ACK of its FIN arrives in CLOSING: TIME-WAIT. Both sides closed first", en);
            Assert.Contains($"{ep}：自己的 FIN 还没有被确认，就收到了对方的 FIN，进入 CLOSING（同时关闭", zh);
        }
        Assert.Contains("2MSL", zh);
    }

    [Fact]
    public void FourWayClose_SaysThePassiveSideSentDataAfterAckingTheFin()
    {
        var (en, zh) = Explain("why/four-way-close");
        string[] lines = en.Split('\n');
        int ackOfFin = Array.FindIndex(lines, l => l.Contains("server → client: ACK, ack 102: acknowledges the peer's FIN.", StringComparison.Ordinal));
        int data = Array.FindIndex(lines, l => l.Contains("server → client: 1000 bytes of data", StringComparison.Ordinal));
        int fin = Array.FindIndex(lines, l => l.Contains("server → client: FIN", StringComparison.Ordinal));
        Assert.True(ackOfFin > 0 && ackOfFin < data && data < fin, en);
        Assert.Contains("that is why the close takes four segments", en);
        Assert.Contains("四次挥手", zh);
    }

    [Fact]
    public void TwoWayHandshakePair_SaysTheVariantAcceptedAConnectionNobodyOpened()
    {
        var (en, zh) = Pair("why/three-way-handshake", "why/two-way-handshake");
        Assert.Contains("server#2: in three-way-handshake: SYN-RECEIVED → CLOSED; in two-way-handshake: ESTABLISHED → CLOSED.", en);
        Assert.Contains("the application behind server#2 accepted a connection the client never opened", en);
        Assert.Contains("server#2: still no ACK after 5 SYN-ACK retransmissions", en);
        Assert.Contains("In two-way-handshake, server#2 gets ETIMEDOUT", en);
        Assert.Contains("Verdict: two-way-handshake shows the failure the rule prevents", en);
        Assert.Contains("server#2：在 three-way-handshake 中：SYN_RCVD → CLOSED；在 two-way-handshake 中：ESTABLISHED → CLOSED。", zh);
        Assert.Contains("客户端从未打开过的连接", zh);
        Assert.Contains("结论：two-way-handshake 出现了这条规则所要防止的错误", zh);
    }

    [Fact]
    public void LostAckPair_SaysTheResentFinMetAClosedPortAndTheCloseFailed()
    {
        Trace variant = Run("why/no-time-wait-lost-ack");
        var (en, zh) = Pair("why/time-wait-lost-ack", "why/no-time-wait-lost-ack");
        Assert.Contains("In no-time-wait-lost-ack, server#1 gets ECONNRESET", en);
        Assert.Contains("server#1: an RST answers it in LAST-ACK: CLOSED, without its FIN ever being acknowledged", en);
        Assert.Contains("在 no-time-wait-lost-ack 中，server#1 得到 ECONNRESET", zh);
        var (single, singleZh) = (MessageCatalog.Render(TraceExplainer.Explain(variant), ExplainLanguage.En),
            MessageCatalog.Render(TraceExplainer.Explain(variant), ExplainLanguage.Zh));
        string gap = Gap(variant, "server", s => s.Is(TcpFlags.Fin));
        Assert.Contains($"server → client: FIN again, {gap} after the previous copy", single);
        Assert.Contains("client has no socket for this 4-tuple", single);
        Assert.Contains($"再次发送 FIN，距上一次 {gap}", singleZh);
        var (real, realZh) = Explain("why/time-wait-lost-ack");
        Assert.Contains("client is in TIME-WAIT and answers with the old connection's ACK", real);
        Assert.Contains("处于 TIME_WAIT，用旧连接的 ACK 作答", realZh);
    }

    [Fact]
    public void StaleDataPair_SaysTheNewConnectionTookTheOldBytes()
    {
        var (en, zh) = Pair("why/time-wait-stale-data", "why/no-time-wait-stale-data");
        Assert.Contains("In no-time-wait-stale-data, server#2 took 100 bytes of an earlier connection as its own data.", en);
        Assert.Contains("server#2 hands its application 100 bytes that client's connection 1 sent", en);
        Assert.Contains("client: connect() fails at once with EADDRINUSE", en);
        Assert.DoesNotContain("never opened", en);
        Assert.Contains("server#2 把更早连接的 100 字节当作自己的数据收下了", zh);
        Assert.Contains("EADDRINUSE", zh);
    }

    [Fact]
    public void AssassinationPair_SaysTheRstEndedTimeWaitOnlyWithoutRfc1337()
    {
        var (en, zh) = Pair("why/time-wait-rfc1337", "why/time-wait-assassination");
        // The same RST (the server host's answer to TIME-WAIT's ACK of the duplicated FIN) in both runs.
        Assert.Matches(@"400\.060 ms  client: an RST arrives in TIME-WAIT and ends it early: CLOSED \(Linux tcp_rfc1337 = 0", en);
        Assert.Matches(@"400\.060 ms  client: an RST arrives in TIME-WAIT and is ignored \(tcp_rfc1337 = 1", en);
        // The old data's RST is outside TIME-WAIT's window: ignored whatever tcp_rfc1337 says.
        Assert.Matches(@"1210\.030 ms  client: an RST arrives in TIME-WAIT with a sequence number outside its window", en);
        Assert.Contains("In time-wait-assassination, server#2 took 100 bytes of an earlier connection as its own data.", en);
        Assert.Contains("Verdict: time-wait-assassination shows the failure the rule prevents", en);
        Assert.Contains("TIME_WAIT 状态收到 RST，但忽略了它（tcp_rfc1337 = 1", zh);
    }

    [Fact]
    public void EveryShippedScenario_ExplainsInBothLanguages()
    {
        foreach (string file in Directory.GetFiles(ShippedScenarios.Folder, "*.yaml", SearchOption.AllDirectories))
        {
            Trace trace = ScenarioRunner.Run(Yaml.ScenarioLoader.Load(file).Scenario!).Trace!;
            Explanation e = TraceExplainer.Explain(trace);
            Assert.DoesNotContain(e.Lines, l => l.MessageId == "state.generic");
            Assert.Contains(Path.GetFileNameWithoutExtension(file), MessageCatalog.Render(e, ExplainLanguage.En));
            Assert.Contains("场景", MessageCatalog.Render(e, ExplainLanguage.Zh));
        }
    }

    [Fact]
    public void SynCookies_TheCookieSynAckItsLostAckAndTheConnectionItMakes_AreExplained()
    {
        Trace trace = ScenarioRunner.Run(Yaml.ScenarioLoader.Load(ShippedScenarios.File("syn-cookies")).Scenario!).Trace!;
        var ids = TraceExplainer.Explain(trace).Lines.Select(l => l.MessageId).ToList();
        Assert.Single(ids, id => id == "seg.synack.cookie");              // c2's; c1's SYN-ACKs are its connection's
        Assert.Single(ids, id => id == "fate.lost.handshake-ack.cookie");
        Assert.Single(ids, id => id == "fate.lost.handshake-ack");        // c1's lost ACK: a half-open connection waits
        Assert.Single(ids, id => id == "state.synrcvd.cookie");
    }

    [Fact]
    public void StaleData_IsMarkedInEveryOutput()
    {
        string outRoot = Path.Combine(_temp.Path, "out");
        var (code, stdout, stderr) = CliRun.Invoke("run", ShippedScenarios.File("why/no-time-wait-stale-data"), ShippedScenarios.File("why/time-wait-stale-data"), "--out", outRoot, "--quiet");
        Assert.True(code == 0, stdout + stderr);
        string stale = Path.Combine(outRoot, "no-time-wait-stale-data"), real = Path.Combine(outRoot, "time-wait-stale-data");
        Assert.Contains("10.000 client>server [P.] 1 1 100 DELAYED STALE\n", File.ReadAllText(Path.Combine(stale, "segments.txt")));
        Assert.Contains("\"type\":\"stale_data_delivered\"", File.ReadAllText(Path.Combine(stale, "events.jsonl")));
        Assert.Contains("stale data delivered", File.ReadAllText(Path.Combine(stale, "sequence.svg")));   // the marker's legend entry
        string report = File.ReadAllText(Path.Combine(stale, "report.html"));
        Assert.Contains("server#2 delivered 100 bytes sent by client (its connection 1)", report);
        Assert.Contains("What happened, step by step", report);
        Assert.Contains("中文说明", report);
        Assert.DoesNotContain("STALE", File.ReadAllText(Path.Combine(real, "segments.txt")));
        Assert.DoesNotContain("marker stale", File.ReadAllText(Path.Combine(real, "sequence.svg")));
    }

    [Fact]
    public void ExplainCommand_OneRunOrAPair_InEitherLanguage()
    {
        string outRoot = Path.Combine(_temp.Path, "out");
        Assert.Equal(0, CliRun.Invoke("run", ShippedScenarios.File("why/time-wait-lost-ack"), ShippedScenarios.File("why/no-time-wait-lost-ack"), "--out", outRoot, "--quiet", "--no-charts").Code);
        var one = CliRun.Invoke("explain", Path.Combine(outRoot, "time-wait-lost-ack"));
        Assert.Equal(0, one.Code);
        Assert.Contains("Scenario time-wait-lost-ack", one.Out);
        var zh = CliRun.Invoke("explain", Path.Combine(outRoot, "time-wait-lost-ack", "events.jsonl"), "--lang", "zh");
        Assert.Contains("场景 time-wait-lost-ack", zh.Out);
        var pair = CliRun.Invoke("explain", Path.Combine(outRoot, "time-wait-lost-ack"), Path.Combine(outRoot, "no-time-wait-lost-ack"));
        Assert.Equal(0, pair.Code);
        Assert.Contains("Comparing time-wait-lost-ack (the real protocol) with no-time-wait-lost-ack", pair.Out);
        Assert.Equal(2, CliRun.Invoke("explain", Path.Combine(outRoot, "missing")).Code);
        Assert.Equal(2, CliRun.Invoke("explain", Path.Combine(outRoot, "time-wait-lost-ack"), "--lang", "fr").Code);
        var run = CliRun.Invoke("run", ShippedScenarios.File("lost-syn"), "--out", outRoot, "--quiet", "--no-charts", "--explain", "--lang", "zh");
        Assert.Contains("再次发送 SYN（第 1 次重传）", run.Out);
    }
}
