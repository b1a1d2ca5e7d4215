namespace Simulator.Cli.Yaml;

/// <summary>Suggests the closest allowed word for a misspelt one (optimal string alignment distance).</summary>
public static class DidYouMean
{
    /// <summary>The candidate nearest to <paramref name="input"/>, if it is close enough to be a plausible typo.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        if (input.Length == 0 || input.Length > 64) return null;
        string needle = input.ToLowerInvariant();
        int reach = Math.Max(1, input.Length / 3);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            if (Math.Abs(candidate.Length - input.Length) > reach) continue;
            int d = Distance(needle, candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best is null) return null;
        int allowed = Math.Max(1, Math.Min(input.Length, best.Length) / 3);
        bool rewritten = bestDistance >= Math.Max(input.Length, best.Length);
        return bestDistance <= allowed && !rewritten ? best : null;
    }

    /// <summary><c> (did you mean 'x'?)</c>, or nothing when no candidate is close.</summary>
    public static string Hint(string input, IEnumerable<string> candidates) =>
        Closest(input, candidates) is string best ? $" (did you mean '{best}'?)" : "";

    /// <summary>Edits (insert, delete, substitute, swap two adjacent characters) that turn one string into the other.</summary>
    public static int Distance(string a, string b)
    {
        if (a.Length == 0) return b.Length;
        if (b.Length == 0) return a.Length;
        int width = b.Length + 1;
        Span<int> rows = width <= 256 ? stackalloc int[3 * width] : new int[3 * width];
        Span<int> previous2 = rows[..width], previous = rows.Slice(width, width), current = rows.Slice(2 * width, width);
        for (int j = 0; j < width; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
            }
            Span<int> recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }
        return previous[b.Length];
    }
}
