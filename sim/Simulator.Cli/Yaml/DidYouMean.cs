namespace Simulator.Cli.Yaml;

/// <summary>Suggests the closest allowed word for a misspelt one (optimal string alignment distance).</summary>
public static class DidYouMean
{
    /// <summary>The candidate nearest to <paramref name="input"/>, if it is close enough to be a plausible typo.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        if (input.Length == 0 || input.Length > 64) return null;
        string needle = input.ToLowerInvariant();
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
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
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, d[i - 2, j - 2] + 1);
                }
                d[i, j] = value;
            }
        }
        return d[a.Length, b.Length];
    }
}
