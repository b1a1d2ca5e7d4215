using System.Globalization;

namespace Simulator.Core.Time;

/// <summary>An instant of simulated time: integer nanoseconds since the scenario start.</summary>
public readonly record struct SimTime(long Nanoseconds) : IComparable<SimTime>
{
    public static readonly SimTime Zero = new(0);
    public static readonly SimTime MaxValue = new(long.MaxValue);

    public static SimTime FromMilliseconds(long ms) => new(checked(ms * 1_000_000));
    public static SimTime FromSeconds(long s) => new(checked(s * 1_000_000_000));

    public double TotalMilliseconds => Nanoseconds / 1e6;
    public double TotalSeconds => Nanoseconds / 1e9;

    public static SimTime operator +(SimTime t, SimDuration d) =>
        d.Nanoseconds > 0 && t.Nanoseconds > long.MaxValue - d.Nanoseconds ? MaxValue : new(t.Nanoseconds + d.Nanoseconds);
    public static SimTime operator -(SimTime t, SimDuration d) => new(checked(t.Nanoseconds - d.Nanoseconds));
    public static SimDuration operator -(SimTime a, SimTime b) => new(checked(a.Nanoseconds - b.Nanoseconds));
    public static bool operator <(SimTime a, SimTime b) => a.Nanoseconds < b.Nanoseconds;
    public static bool operator >(SimTime a, SimTime b) => a.Nanoseconds > b.Nanoseconds;
    public static bool operator <=(SimTime a, SimTime b) => a.Nanoseconds <= b.Nanoseconds;
    public static bool operator >=(SimTime a, SimTime b) => a.Nanoseconds >= b.Nanoseconds;

    public static SimTime Max(SimTime a, SimTime b) => a >= b ? a : b;
    public static SimTime Min(SimTime a, SimTime b) => a <= b ? a : b;

    public int CompareTo(SimTime other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>Milliseconds with three decimals, rounded to the nearest microsecond: <c>1013.914</c>.</summary>
    public string ToMillisecondsString()
    {
        long us = Nanoseconds >= 0 ? (Nanoseconds + 500) / 1000 : -((-Nanoseconds + 500) / 1000);
        string sign = us < 0 ? "-" : "";
        us = Math.Abs(us);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{us / 1000}.{us % 1000:D3}");
    }

    public override string ToString() => ToMillisecondsString() + "ms";
}
