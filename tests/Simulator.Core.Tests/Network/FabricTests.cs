using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Network;

public sealed class FabricTests
{
    private static ScenarioBuilder Normal(SimDuration? delay = null) => ScenarioBuilder.ClientServer(delay)
        .Server(Step.On(AppEventKind.Received, Step.Send(100), bytes: 100), Step.On(AppEventKind.Eof, Step.Close()))
        .Client(Step.At(0, Step.Connect()), Step.On(AppEventKind.Established, Step.Send(100)), Step.On(AppEventKind.Received, Step.Close(), bytes: 100));

    [Fact]
    public void DropFault_Nth_LosesOnlyThatMatchAndRecordsTheFault()
    {
        var trace = Normal().Fault(FaultAction.Drop, "client", SegmentKind.Ack, nth: 2).Run();
        var acks = trace.OfType<SegmentSent>().Where(s => s.FromHost == "client" && SegmentKind.Ack.Matches(s.Segment)).ToArray();
        Assert.Equal([SegmentFate.Delivered, SegmentFate.Lost, SegmentFate.Delivered], acks.Select(a => a.Fate));
        var fault = Assert.Single(trace.OfType<FaultApplied>());
        Assert.Equal(acks[1].Id, fault.SegmentId);
        Assert.Equal("drop", fault.Action);
    }

    [Fact]
    public void DropFault_CountAll_LosesEveryMatch()
    {
        var trace = Normal().Fault(FaultAction.Drop, "client", SegmentKind.Syn, nth: null).Until(SimTime.FromSeconds(10)).Run();
        var syns = trace.OfType<SegmentSent>().Where(s => s.Segment.Is(TcpFlags.Syn) && s.FromHost == "client").ToArray();
        Assert.Equal(7, syns.Length);   // 0, 1, 2, 3, 4, 5 and 7 s
        Assert.All(syns, s => Assert.Equal(SegmentFate.Lost, s.Fate));
    }

    [Fact]
    public void DelayFault_HoldsTheSegment()
    {
        var trace = Normal().Fault(FaultAction.Delay, "client", SegmentKind.Syn, nth: 1, by: SimDuration.FromMilliseconds(300)).Run();
        var syn = trace.OfType<SegmentSent>().First();
        Assert.Equal(SegmentFate.Delayed, syn.Fate);
        Assert.Equal(300.015, syn.ArrivesAt!.Value.TotalMilliseconds, 6);
        Assert.Equal(300.030, trace.Connect("client")!.Time.TotalMilliseconds, 6);
    }

    [Fact]
    public void DuplicateFault_DeliversACopyLater()
    {
        var trace = Normal().Fault(FaultAction.Duplicate, "client", SegmentKind.Data, nth: 1, by: SimDuration.FromSeconds(3)).Run();
        var copy = Assert.Single(trace.OfType<SegmentSent>(), s => s.Fate == SegmentFate.Duplicate);
        Assert.Equal(100, copy.Segment.Length);
        Assert.Equal(3000.030, copy.Time.TotalMilliseconds, 6);
        // The copy reaches the server's TIME-WAIT-free side after the connection is gone: its host answers RST.
        Assert.Contains(trace.OfType<SegmentSent>(), s => s.Time > copy.Time && s.Segment.Is(TcpFlags.Rst));
    }

    [Fact]
    public void FaultRules_FirstFiringRuleWins_LaterRulesStillCount()
    {
        var trace = Normal()
            .Fault(FaultAction.Drop, "client", SegmentKind.Ack, nth: 1)
            .Fault(FaultAction.Drop, "client", SegmentKind.Any, nth: 2)
            .Run();
        var fired = trace.OfType<FaultApplied>().Select(f => f.Rule).ToArray();
        Assert.Equal([1, 2], fired);
    }

    [Fact]
    public void RandomLoss_IsDeterministicForASeedAndDiffersAcrossSeeds()
    {
        var lossy = new LinkDirectionSpec(SimDuration.FromMilliseconds(1), SimDuration.Zero, 0.3, 0, null);
        string[] Run(ulong seed) => Normal().Link(lossy).Seed(seed).Run().TimedWire();
        Assert.Equal(Run(11), Run(11));
        Assert.NotEqual(Run(11), Run(12));
        Assert.Contains(Run(11), l => l.EndsWith("LOST", StringComparison.Ordinal));
    }

    [Fact]
    public void Bandwidth_SerializesSegmentsFifo()
    {
        // 8 kbit/s: a 52-byte pure ACK takes 52 ms, a 64-byte SYN-ACK 64 ms (IP length incl. options).
        var slow = new LinkDirectionSpec(SimDuration.Zero, SimDuration.Zero, 0, 0, 8000);
        var trace = Normal().Link(slow).Run();
        var first = trace.OfType<SegmentSent>().First();
        Assert.Equal(60, first.Segment.IpLength);
        Assert.Equal(60.0, first.ArrivesAt!.Value.TotalMilliseconds, 6);
        var ack = trace.OfType<SegmentSent>().ElementAt(2);
        var data = trace.OfType<SegmentSent>().ElementAt(3);
        // The data waits for the transmitter (TCP Small Queues), then follows the ACK onto the link.
        Assert.Equal(ack.ArrivesAt!.Value, data.Time);
        Assert.Equal(ack.ArrivesAt!.Value + SimDuration.FromMilliseconds(data.Segment.IpLength), data.ArrivesAt!.Value);
    }

    [Fact]
    public void Jitter_CanReorderSegments()
    {
        var jittery = new LinkDirectionSpec(SimDuration.FromMilliseconds(1), SimDuration.FromMilliseconds(5), 0, 0, null);
        var trace = ScenarioBuilder.ClientServer().Link(jittery).Seed(2)
            .Server()
            .Client(Step.At(0, Step.Connect()), Step.On(AppEventKind.Established, Step.Send(30_000)))
            .Run();
        var data = trace.OfType<SegmentSent>().Where(s => s.FromHost == "client" && s.Segment.Length > 0 && !s.Retransmission).ToArray();
        bool reordered = data.Zip(data.Skip(1)).Any(p => p.Second.ArrivesAt < p.First.ArrivesAt);
        Assert.True(reordered);
        Assert.Equal(30_000, trace.OfType<AppResult>().Where(a => a.Event == "received").Select(a => long.Parse(a.Result, System.Globalization.CultureInfo.InvariantCulture)).Max());
    }

    [Fact]
    public void ClosedPort_Syn_IsAnsweredWithRstAck()
    {
        Assert.True(HostNode.TryAnswerClosed(EndpointHarness.FromPeer(TcpFlags.Syn, 41), out var rst));
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(0u, rst.Seq.Value);
        Assert.Equal(42u, rst.Ack.Value);
        Assert.True(HostNode.TryAnswerClosed(EndpointHarness.FromPeer(TcpFlags.Ack, 41, 900), out var rst2));
        Assert.Equal(TcpFlags.Rst, rst2.Flags);
        Assert.Equal(900u, rst2.Seq.Value);
        Assert.False(HostNode.TryAnswerClosed(EndpointHarness.FromPeer(TcpFlags.Rst, 41), out _));
    }
}
