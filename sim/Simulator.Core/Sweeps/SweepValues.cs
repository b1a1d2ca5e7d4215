using System.Globalization;

namespace Simulator.Core.Sweeps;

/// <summary>
/// The values of one <c>--vary KEY=VALUES</c>: a list (<c>0,0.01,0.05</c>) or an inclusive range
/// <c>start:stop:step</c> (<c>0:0.1:0.02</c>, <c>10ms:50ms:10ms</c>; the three share one unit). Each value stays
/// text, written the way the scenario would write it; the scenario reader checks it.
/// </summary>
public static class SweepValues
{
    /// <summary>More values than this in one range is almost surely a typo in the step.</summary>
    public const int MaxRangeValues = 100_000;

    /// <summary>The values, or null with <paramref name="error"/> saying what is wrong and what to write.</summary>
    public static IReadOnlyList<string>? TryParse(string text, out string error)
    {
        error = "";
        string[] parts = text.Split(':');
        if (parts.Length == 3 && !text.Contains(',', StringComparison.Ordinal)) return TryRange(parts, out error);
        string[] items = text.Split(',', StringSplitOptions.TrimEntries);
        if (items.Any(i => i.Length == 0))
        {
            error = $"'{text}' has an empty value; write a list like 0,0.01,0.05 or a range start:stop:step like 0:0.1:0.02";
            return null;
        }
        if (items.Distinct(StringComparer.Ordinal).Count() != items.Length)
        {
            error = $"'{text}' lists a value twice; each grid point must be different";
            return null;
        }
        return items;
    }

    private static IReadOnlyList<string>? TryRange(string[] parts, out string error)
    {
        error = "";
        var numbers = new decimal[3];
        string? unit = null;
        for (int i = 0; i < 3; i++)
        {
            string part = parts[i].Trim();
            int end = 0;
            while (end < part.Length && (char.IsAsciiDigit(part[end]) || part[end] is '.' or '-' or '+')) end++;
            string suffix = part[end..];
            if (end == 0 || !decimal.TryParse(part[..end], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
            {
                error = $"range '{string.Join(':', parts)}': '{part}' is not a number; write start:stop:step like 0:0.1:0.02 or 10ms:50ms:10ms";
                return null;
            }
            if (unit is not null && suffix != unit)
            {
                error = $"range '{string.Join(':', parts)}': start, stop and step must have the same unit ('{unit}' and '{suffix}')";
                return null;
            }
            unit = suffix;
        }
        (decimal start, decimal stop, decimal step) = (numbers[0], numbers[1], numbers[2]);
        if (step <= 0 || stop < start)
        {
            error = $"range '{string.Join(':', parts)}': needs start <= stop and a step greater than 0";
            return null;
        }
        decimal count = Math.Floor((stop - start) / step) + 1;
        if (count > MaxRangeValues)
        {
            error = $"range '{string.Join(':', parts)}' has {count} values; at most {MaxRangeValues}";
            return null;
        }
        int scale = Math.Max(Scale(numbers[0]), Scale(numbers[2]));
        var values = new List<string>((int)count);
        for (int i = 0; i < (int)count; i++)
            values.Add((start + i * step).ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + unit);
        return values;
    }

    /// <summary>Decimal places as written: 0.02 → 2, 10 → 0.</summary>
    private static int Scale(decimal d) => (decimal.GetBits(d)[3] >> 16) & 0xFF;

    /// <summary>Seeds <c>A..B</c> (inclusive) or a single seed <c>A</c>.</summary>
    public static SeedRange? TryParseSeeds(string text, out string error)
    {
        error = "";
        string[] parts = text.Split("..");
        if (parts.Length is 1 or 2
            && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong first)
            && ulong.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong last))
        {
            if (last >= first) return new SeedRange(first, last);
            error = $"--seeds {text}: the last seed must not be smaller than the first";
            return null;
        }
        error = $"--seeds {text}: write a range of seeds like 1..1000 (inclusive), or one seed";
        return null;
    }
}

/// <summary>The seeds <see cref="First"/> to <see cref="Last"/>, inclusive.</summary>
public readonly record struct SeedRange(ulong First, ulong Last)
{
    public long Count => (long)Math.Min(Last - First, long.MaxValue - 1) + 1;

    public override string ToString() => First == Last
        ? First.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{First}..{Last}");
}
