using System.Globalization;
using System.Text.RegularExpressions;
using Simulator.Core.Time;

namespace Simulator.Cli.Yaml;

/// <summary>Parses one scalar into a value; on failure <paramref name="error"/> says what is wrong and what is allowed.</summary>
public delegate bool ScalarParser<T>(string text, out T value, out string error);

/// <summary>The value syntaxes of the scenario format: durations, probabilities, bandwidths, counts, ports, ...</summary>
public static partial class ScalarValues
{
    public const string DurationSyntax = "a duration like 250us, 10ms, 1.5s or 2min (units: ns, us, ms, s, min)";
    public const string BandwidthSyntax = "a bandwidth like 100Mbps or 1.5Gbps (units: bps, Kbps, Mbps, Gbps)";

    private static readonly (string Unit, long Nanoseconds)[] DurationUnits =
    [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000), ("min", 60_000_000_000),
    ];

    private static readonly (string Unit, long BitsPerSecond)[] BandwidthUnits =
    [
        ("bps", 1), ("kbps", 1_000), ("mbps", 1_000_000), ("gbps", 1_000_000_000),
    ];

    [GeneratedRegex(@"^(?<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(?<unit>[A-Za-zµ]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberWithUnit();

    public static bool TryDuration(string text, out SimDuration value, out string error)
    {
        value = SimDuration.Zero;
        if (!TryNumberWithUnit(text, DurationUnits, DurationSyntax, "write 0s for none", out decimal ns, out error)) return false;
        if (decimal.Truncate(ns) != ns)
        {
            error = $"'{text}' is not a whole number of nanoseconds";
            return false;
        }
        if (ns > long.MaxValue)
        {
            error = $"'{text}' is too long a duration";
            return false;
        }
        value = SimDuration.FromNanoseconds((long)ns);
        return true;
    }

    public static bool TryBandwidth(string text, out long bitsPerSecond, out string error)
    {
        bitsPerSecond = 0;
        if (!TryNumberWithUnit(text, BandwidthUnits, BandwidthSyntax, "leave the key out for no limit", out decimal bps, out error)) return false;
        if (decimal.Truncate(bps) != bps || bps < 1)
        {
            error = $"'{text}' is not a whole number of bits per second (at least 1bps)";
            return false;
        }
        if (bps > long.MaxValue)
        {
            error = $"'{text}' is too large a bandwidth";
            return false;
        }
        bitsPerSecond = (long)bps;
        return true;
    }

    /// <summary>A probability from 0 to 1, written as a number (<c>0.01</c>) or a percentage (<c>1%</c>).</summary>
    public static bool TryProbability(string text, out double value, out string error)
    {
        value = 0;
        string t = text.Trim();
        bool percent = t.EndsWith('%');
        if (percent) t = t[..^1].TrimEnd();
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingSign,
                CultureInfo.InvariantCulture, out decimal number))
        {
            error = $"'{text}' is not a probability; write a number from 0 to 1 (like 0.01) or a percentage (like 1%)";
            return false;
        }
        if (percent) number /= 100;
        if (number < 0 || number > 1)
        {
            error = $"'{text}' is not a probability; it must be from 0 to 1";
            return false;
        }
        value = (double)number;
        error = "";
        return true;
    }

    /// <summary>A decimal integer within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static ScalarParser<long> Integer(long min, long max) => (string text, out long value, out string error) =>
    {
        value = 0;
        string t = text.Trim();
        bool digits = t.Length > 0 && t.All(char.IsAsciiDigit) || t.Length > 1 && t[0] == '-' && t[1..].All(char.IsAsciiDigit);
        if (!digits || !long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)
            || value < min || value > max)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"'{text}' is not an integer from {min} to {max}");
            return false;
        }
        error = "";
        return true;
    };

    public static bool TryByteCount(string text, out long value, out string error) =>
        Integer(0, long.MaxValue)(text, out value, out error);

    public static bool TryPort(string text, out ushort port, out string error)
    {
        port = 0;
        if (!Integer(1, ushort.MaxValue)(text, out long value, out error))
        {
            error = $"'{text}' is not a port number (1 to 65535)";
            return false;
        }
        port = (ushort)value;
        return true;
    }

    /// <summary>A 32-bit unsigned number, decimal or hexadecimal (<c>0x…</c>): sequence and acknowledgment numbers.</summary>
    public static bool TryUInt32(string text, out uint value, out string error)
    {
        string t = text.Trim();
        bool ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : uint.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        error = ok ? "" : $"'{text}' is not a 32-bit unsigned number (0 to 4294967295, or hexadecimal like 0x1000)";
        return ok;
    }

    public static bool TrySeed(string text, out ulong value, out string error)
    {
        bool ok = ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
        error = ok ? "" : $"'{text}' is not a seed; use an integer from 0 to {ulong.MaxValue}";
        return ok;
    }

    public static bool TryBool(string text, out bool value, out string error)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true":
                value = true;
                error = "";
                return true;
            case "false":
                value = false;
                error = "";
                return true;
            default:
                value = false;
                error = $"'{text}' is not true or false";
                return false;
        }
    }

    private static bool TryNumberWithUnit(string text, (string Unit, long Factor)[] units, string syntax, string bareNumberHint,
        out decimal result, out string error)
    {
        result = 0;
        string t = text.Trim();
        if (t.StartsWith('-'))
        {
            error = $"'{text}' is negative; expected {syntax}";
            return false;
        }
        Match m = NumberWithUnit().Match(t);
        if (!m.Success)
        {
            error = $"'{text}' is not {syntax}";
            return false;
        }
        string unit = m.Groups["unit"].Value;
        if (unit.Length == 0)
        {
            error = $"'{text}' has no unit; expected {syntax}; {bareNumberHint}";
            return false;
        }
        long factor = 0;
        foreach (var (name, f) in units)
        {
            if (string.Equals(name, unit, StringComparison.OrdinalIgnoreCase)) factor = f;
        }
        if (factor == 0)
        {
            string hint = DidYouMean.Hint(unit, units.Select(u => u.Unit));
            error = $"unknown unit '{unit}' in '{text}'{hint}; expected {syntax}";
            return false;
        }
        try
        {
            result = decimal.Parse(m.Groups["number"].Value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture) * factor;
        }
        catch (OverflowException)
        {
            error = $"'{text}' is too large";
            return false;
        }
        error = "";
        return true;
    }
}
