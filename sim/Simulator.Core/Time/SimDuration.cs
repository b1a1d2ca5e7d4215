using System.Globalization;

namespace Simulator.Core.Time;

/// <summary>A span of simulated time in integer nanoseconds.</summary>
public readonly record struct SimDuration(long Nanoseconds) : IComparable<SimDuration>
{
    public static readonly SimDuration Zero = new(0);
    public static readonly SimDuration MaxValue = new(long.MaxValue);

    public static SimDuration FromNanoseconds(long ns) => new(ns);
    public static SimDuration FromMicroseconds(long us) => new(checked(us * 1_000));
    public static SimDuration FromMilliseconds(long ms) => new(checked(ms * 1_000_000));
    public static SimDuration FromSeconds(long s) => new(checked(s * 1_000_000_000));
    public static SimDuration FromMinutes(long m) => new(checked(m * 60_000_000_000));

    public double TotalMilliseconds => Nanoseconds / 1e6;
    public double TotalSeconds => Nanoseconds / 1e9;

    public static SimDuration operator +(SimDuration a, SimDuration b) => new(checked(a.Nanoseconds + b.Nanoseconds));
    public static SimDuration operator -(SimDuration a, SimDuration b) => new(checked(a.Nanoseconds - b.Nanoseconds));
    public static SimDuration operator *(SimDuration a, long k) => new(checked(a.Nanoseconds * k));
    public static SimDuration operator /(SimDuration a, long k) => new(a.Nanoseconds / k);
    public static bool operator <(SimDuration a, SimDuration b) => a.Nanoseconds < b.Nanoseconds;
    public static bool operator >(SimDuration a, SimDuration b) => a.Nanoseconds > b.Nanoseconds;
    public static bool operator <=(SimDuration a, SimDuration b) => a.Nanoseconds <= b.Nanoseconds;
    public static bool operator >=(SimDuration a, SimDuration b) => a.Nanoseconds >= b.Nanoseconds;

    public static SimDuration Max(SimDuration a, SimDuration b) => a >= b ? a : b;
    public static SimDuration Min(SimDuration a, SimDuration b) => a <= b ? a : b;

    public int CompareTo(SimDuration other) => Nanoseconds.CompareTo(other.Nanoseconds);

    /// <summary>Shortest exact rendering in the scenario syntax: <c>250us</c>, <c>1.5s</c>, <c>40ms</c>.</summary>
    public override string ToString()
    {
        long ns = Nanoseconds;
        if (ns == 0) return "0s";
        (long unit, string suffix)[] units = [(1_000_000_000, "s"), (1_000_000, "ms"), (1_000, "us"), (1, "ns")];
        foreach (var (unit, suffix) in units)
        {
            if (Math.Abs(ns) >= unit && ns % (unit / 1000 == 0 ? 1 : unit / 1000) == 0)
            {
                decimal value = (decimal)ns / unit;
                return value.ToString("0.###", CultureInfo.InvariantCulture) + suffix;
            }
        }
        return ns.ToString(CultureInfo.InvariantCulture) + "ns";
    }
}
