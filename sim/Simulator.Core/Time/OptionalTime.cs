namespace Simulator.Core.Time;

/// <summary>
/// An instant or none, in the 8 bytes of a <see cref="SimTime"/> (a <c>SimTime?</c> takes 16): the instant is kept
/// plus one, so the default value is none. For the per-connection stamps that most sockets never set.
/// </summary>
public readonly struct OptionalTime
{
    private readonly long _plusOne;   // 0: none

    private OptionalTime(long plusOne) => _plusOne = plusOne;

    public static OptionalTime None => default;

    public static implicit operator OptionalTime(SimTime t) => new(unchecked(t.Nanoseconds + 1));

    public bool HasValue => _plusOne != 0;

    public bool TryGet(out SimTime time)
    {
        time = new SimTime(unchecked(_plusOne - 1));
        return HasValue;
    }

    /// <summary>The instant, or <paramref name="fallback"/> when there is none.</summary>
    public SimTime Or(SimTime fallback) => HasValue ? new SimTime(unchecked(_plusOne - 1)) : fallback;

    public override string ToString() => HasValue ? new SimTime(unchecked(_plusOne - 1)).ToString() : "none";
}
