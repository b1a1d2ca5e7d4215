using Simulator.Core.Scheduling;
using Simulator.Core.Time;

namespace Simulator.Core.Tests.Scheduling;

public sealed class SchedulerTests
{
    private sealed class Recorder : IEventHandler
    {
        public List<(long At, int Kind)> Seen { get; } = [];
        public Action<ScheduledEvent>? Also { get; set; }
        public void Handle(in ScheduledEvent e)
        {
            Seen.Add((e.At.Nanoseconds, e.Payload.Target));
            Also?.Invoke(e);
        }
    }

    [Fact]
    public void Run_OrdersByTimeThenInsertion()
    {
        var s = new Scheduler();
        s.Schedule(new SimTime(30), new EventPayload(0, 1, 0));
        s.Schedule(new SimTime(10), new EventPayload(0, 2, 0));
        s.Schedule(new SimTime(30), new EventPayload(0, 3, 0));
        s.Schedule(new SimTime(10), new EventPayload(0, 4, 0));
        var r = new Recorder();
        var outcome = s.Run(r);
        Assert.Equal([(10L, 2), (10L, 4), (30L, 1), (30L, 3)], r.Seen);
        Assert.Equal(StopReason.Drained, outcome.Reason);
        Assert.Equal(new SimTime(30), s.Now);
    }

    [Fact]
    public void Run_ManyRandomEvents_ComeOutSortedAndStable()
    {
        var s = new Scheduler(4);
        var random = new Simulator.Core.Randomness.RandomStream(9, "test");
        var expected = new List<(long, int)>();
        for (int i = 0; i < 5000; i++)
        {
            long at = random.NextInclusive(1000);
            s.Schedule(new SimTime(at), new EventPayload(0, i, 0));
            expected.Add((at, i));
        }
        var r = new Recorder();
        s.Run(r);
        Assert.Equal(expected.OrderBy(e => e.Item1).ThenBy(e => e.Item2), r.Seen);
    }

    [Fact]
    public void Run_StopsAtStopTimeWithEventsLeft()
    {
        var s = new Scheduler();
        s.Schedule(new SimTime(5), new EventPayload(0, 1, 0));
        s.Schedule(new SimTime(50), new EventPayload(0, 2, 0));
        var r = new Recorder();
        var outcome = s.Run(r, until: new SimTime(20));
        Assert.Equal(StopReason.StopTime, outcome.Reason);
        Assert.Single(r.Seen);
        Assert.Equal(1, s.Pending);
        Assert.Equal(new SimTime(20), s.Now);
    }

    [Fact]
    public void Run_EventLimit_EndsARunawayLoopWithAReason()
    {
        var s = new Scheduler();
        var r = new Recorder();
        r.Also = e => s.Schedule(e.At + SimDuration.FromNanoseconds(1), e.Payload);
        s.Schedule(SimTime.Zero, new EventPayload(0, 1, 0));
        var outcome = s.Run(r, maxEvents: 1000);
        Assert.Equal(StopReason.EventLimit, outcome.Reason);
        Assert.Equal(1000, outcome.EventsProcessed);
        Assert.Contains("event limit of 1000", outcome.Describe(1000));
    }

    [Fact]
    public void Payload_SurvivesTheQueue_AndKindsAreOneByte()
    {
        var s = new Scheduler();
        s.Schedule(new SimTime(7), new EventPayload(255, -3, int.MinValue));
        s.TryDequeue(out var e);
        Assert.Equal(new EventPayload(255, -3, int.MinValue), e.Payload);
        Assert.Equal(0, e.Seq);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Schedule(new SimTime(8), new EventPayload(256, 0, 0)));
    }

    [Fact]
    public void Schedule_InThePast_Throws()
    {
        var s = new Scheduler();
        s.Schedule(new SimTime(10), new EventPayload(0, 1, 0));
        s.TryDequeue(out _);
        Assert.Throws<InvalidOperationException>(() => s.Schedule(new SimTime(5), new EventPayload(0, 1, 0)));
    }

    [Fact]
    public void Run_FarAndNearEventsScheduledWhileRunning_ComeOutSortedAndStable()
    {
        // Far events (seconds ahead, mostly in order, some not, many ties) go to lanes or the heap; the order
        // must be the same as one sorted queue: by time, then by scheduling order.
        var s = new Scheduler(4);
        var random = new Simulator.Core.Randomness.RandomStream(3, "far");
        var scheduled = new List<(long At, long Order, int Kind)>();
        long order = 0;
        void Add(long at, int kind)
        {
            s.Schedule(new SimTime(at), new EventPayload(0, kind, 0));
            scheduled.Add((at, order++, kind));
        }
        for (int i = 0; i < 2000; i++) Add(i * 5_000_000L, i);                     // connect-like, in order
        var r = new Recorder();
        int next = 2000;
        r.Also = e =>
        {
            if (next >= 40_000) return;
            long now = e.At.Nanoseconds;
            Add(now + 60_000_000_000L, next++);                                     // 2MSL-like, in order
            Add(now + 1_000_000_000L + random.NextInclusive(300_000_000), next++);  // RTO-like, out of order
            Add(now + 10_000_000L, next++);                                         // near
            if (random.NextInclusive(3) == 0) Add(now + 60_000_000_000L, next++);   // ties with the 2MSL one
        };
        s.Run(r);
        var expected = scheduled.OrderBy(x => x.At).ThenBy(x => x.Order).Select(x => (x.At, x.Kind)).ToList();
        Assert.Equal(expected.Count, r.Seen.Count);
        Assert.Equal(expected, r.Seen);
        Assert.Equal(0, s.Pending);
    }
}
