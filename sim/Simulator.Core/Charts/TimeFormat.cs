using System.Globalization;
using Simulator.Core.Time;

namespace Simulator.Core.Charts;

/// <summary>How charts write times and durations.</summary>
public static class TimeFormat
{
    private static readonly (long Ns, string Symbol)[] Units = [(1_000_000_000, "s"), (1_000_000, "ms"), (1_000, "µs"), (1, "ns")];

    /// <summary>An instant as the trace files write it: milliseconds with three decimals, <c>1020.861 ms</c>.</summary>
    public static string Instant(SimTime t) => t.ToMillisecondsString() + " ms";

    /// <summary>A duration to three significant digits in the largest unit that keeps it at least 1: <c>59.9 s</c>, <c>27.0 µs</c>.</summary>
    public static string Duration(SimDuration d)
    {
        long ns = Math.Abs(d.Nanoseconds);
        if (ns == 0) return "0 s";
        var (unit, symbol) = Units.First(u => ns >= u.Ns || u.Ns == 1);
        double value = (double)d.Nanoseconds / unit;
        double magnitude = Math.Abs(value);
        string format = magnitude >= 100 ? "0" : magnitude >= 10 ? "0.0" : "0.00";
        if (unit == 1) format = "0";
        string text = value.ToString(format, CultureInfo.InvariantCulture);
        // 999.6 ms rounds to "1000": say 1.00 s instead.
        if (text is "1000" or "-1000" && unit > 1)
            return Duration(new SimDuration(Math.Sign(d.Nanoseconds) * unit * 1000));
        return text + " " + symbol;
    }

    /// <summary>
    /// The unit for tick labels with this step (a 1-2-5 value in ns) on values up to <paramref name="maxNs"/>: the
    /// largest unit in which the step needs at most three decimals and the values reach at least 1.
    /// </summary>
    public static (long Ns, string Symbol) TickUnit(long stepNs, long maxNs)
    {
        foreach (var u in Units)
        {
            if (u.Ns == 1) return u;
            if (stepNs * 1000 >= u.Ns && Math.Abs(maxNs) >= u.Ns) return u;
        }
        return Units[^1];
    }

    /// <summary>A tick value in the given unit with as many decimals as the step needs: <c>1020.8 ms</c>, <c>60 s</c>; zero is <c>0</c>.</summary>
    public static string Tick(long valueNs, long stepNs, (long Ns, string Symbol) unit)
    {
        if (valueNs == 0) return "0";
        int decimals = 0;
        long scaled = unit.Ns;
        while (decimals < 9 && stepNs % scaled != 0)
        {
            scaled /= 10;
            decimals++;
        }
        decimal value = (decimal)valueNs / unit.Ns;
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + unit.Symbol;
    }
}
