using Simulator.Core.Time;

namespace Simulator.Core.Scheduling;

/// <summary>
/// What a scheduled event asks for. <see cref="Kind"/> picks the handler, <see cref="Target"/> an object index
/// (endpoint, in-flight segment slot, ...), <see cref="Arg"/> a value such as a timer generation.
/// A plain struct: queuing an event allocates nothing.
/// </summary>
public readonly record struct EventPayload(int Kind, int Target, long Arg);

/// <summary>An event in the queue, ordered by (time, insertion sequence): ties break by insertion order.</summary>
public readonly record struct ScheduledEvent(SimTime At, long Seq, EventPayload Payload)
{
    public bool Precedes(in ScheduledEvent other) =>
        At.Nanoseconds < other.At.Nanoseconds || (At.Nanoseconds == other.At.Nanoseconds && Seq < other.Seq);
}

public interface IEventHandler
{
    void Handle(in ScheduledEvent e);
}

public enum StopReason
{
    /// <summary>No event left.</summary>
    Drained,
    /// <summary>The next event lies past the stop time.</summary>
    StopTime,
    /// <summary>The event limit was reached with events still queued.</summary>
    EventLimit,
}

public readonly record struct RunOutcome(StopReason Reason, long EventsProcessed, SimTime EndTime)
{
    public string Describe(long limit) => Reason switch
    {
        StopReason.Drained => "no event left",
        StopReason.StopTime => $"stop time {EndTime.ToMillisecondsString()} ms reached",
        _ => $"event limit of {limit} events reached (raise it with --max-events, or set until:)",
    };
}

/// <summary>
/// The discrete-event clock: a 4-ary min-heap of <see cref="ScheduledEvent"/> structs keyed by (time, sequence).
/// Time never goes backwards; an event scheduled in the past is an error.
/// </summary>
public sealed class Scheduler
{
    public const long DefaultEventLimit = 500_000_000;

    private ScheduledEvent[] _heap;
    private int _count;
    private long _nextSeq;

    public Scheduler(int initialCapacity = 1024) => _heap = new ScheduledEvent[Math.Max(4, initialCapacity)];

    public SimTime Now { get; private set; }
    public int Pending => _count;
    public long EventsProcessed { get; private set; }

    public void Schedule(SimTime at, EventPayload payload)
    {
        if (at < Now) throw new InvalidOperationException($"event at {at} is before now ({Now})");
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var e = new ScheduledEvent(at, _nextSeq++, payload);
        int i = _count++;
        // Sift up: a hole moves towards the root until the parent precedes the new event.
        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            if (_heap[parent].Precedes(e)) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = e;
    }

    public void ScheduleAfter(SimDuration delay, EventPayload payload) => Schedule(Now + delay, payload);

    public bool TryPeek(out ScheduledEvent e)
    {
        e = _count > 0 ? _heap[0] : default;
        return _count > 0;
    }

    /// <summary>Removes the earliest event and advances <see cref="Now"/> to it.</summary>
    public bool TryDequeue(out ScheduledEvent e)
    {
        if (_count == 0)
        {
            e = default;
            return false;
        }
        e = _heap[0];
        ScheduledEvent last = _heap[--_count];
        if (_count > 0) SiftDown(last);
        Now = e.At;
        EventsProcessed++;
        return true;
    }

    private void SiftDown(ScheduledEvent e)
    {
        int i = 0;
        int n = _count;
        var heap = _heap;
        while (true)
        {
            int first = (i << 2) + 1;
            if (first >= n) break;
            int best = first;
            int end = Math.Min(first + 4, n);
            for (int c = first + 1; c < end; c++)
                if (heap[c].Precedes(heap[best])) best = c;
            if (!heap[best].Precedes(e)) break;
            heap[i] = heap[best];
            i = best;
        }
        heap[i] = e;
    }

    /// <summary>Runs events until none is left, the next lies past <paramref name="until"/>, or <paramref name="maxEvents"/> ran.</summary>
    public RunOutcome Run<THandler>(THandler handler, SimTime? until = null, long maxEvents = DefaultEventLimit)
        where THandler : IEventHandler
    {
        long ran = 0;
        while (_count > 0)
        {
            if (until is SimTime stop && _heap[0].At > stop)
            {
                Now = stop;
                return new RunOutcome(StopReason.StopTime, ran, Now);
            }
            if (ran >= maxEvents) return new RunOutcome(StopReason.EventLimit, ran, Now);
            TryDequeue(out var e);
            ran++;
            handler.Handle(e);
        }
        return new RunOutcome(StopReason.Drained, ran, Now);
    }
}
