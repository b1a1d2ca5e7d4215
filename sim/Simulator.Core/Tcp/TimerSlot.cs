using Simulator.Core.Time;

namespace Simulator.Core.Tcp;

/// <summary>
/// A timer as a value: the deadline it should fire at, and the one wake-up it has in the event queue.
/// Re-arming later keeps the queued wake-up (it re-queues itself on arrival); re-arming earlier queues a new one
/// with a new generation, and the old one becomes stale: a no-op when it arrives, never a heap removal.
/// </summary>
internal struct TimerSlot
{
    public static readonly SimTime Off = SimTime.MaxValue;

    public SimTime Deadline;
    public SimTime QueuedAt;
    public int Generation;

    public static TimerSlot Create() => new() { Deadline = Off, QueuedAt = Off };

    public readonly bool Armed => Deadline != Off;

    /// <summary>Sets the deadline; returns true with the wake-up to queue when the queued one is missing or too late.</summary>
    public bool Arm(SimTime deadline, out int generation)
    {
        Deadline = deadline;
        generation = Generation;
        if (QueuedAt <= deadline) return false;
        QueuedAt = deadline;
        generation = ++Generation;
        return true;
    }

    public void Cancel() => Deadline = Off;

    /// <summary>Classifies a wake-up: stale, early (re-queue at the deadline), or due.</summary>
    public WakeUp OnWake(int generation, SimTime now)
    {
        if (generation != Generation) return WakeUp.Stale;
        QueuedAt = Off;
        if (Deadline == Off) return WakeUp.Stale;
        return now < Deadline ? WakeUp.Early : WakeUp.Due;
    }
}

internal enum WakeUp { Stale, Early, Due }

/// <summary>An endpoint's timers (one per <see cref="TimerKind"/>) stored inline, not as an array object.</summary>
[System.Runtime.CompilerServices.InlineArray(Count)]
internal struct TimerSlots
{
    public const int Count = 6;
    private TimerSlot _first;
}
