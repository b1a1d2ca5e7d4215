using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Simulator.Core.Time;

namespace Simulator.Core.Explain;

/// <summary>The languages explanations are written in.</summary>
public enum ExplainLanguage
{
    En,
    Zh,
}

/// <summary>
/// Renders an <see cref="Explanation"/> through one language's message catalogue (<see cref="EnglishMessages"/>,
/// <see cref="ChineseMessages"/>): each message id maps to a text with <c>{name}</c> placeholders. Both catalogues
/// have the same ids and placeholders (a test checks it).
/// </summary>
public static partial class MessageCatalog
{
    public static readonly IReadOnlyList<string> LanguageNames = ["en", "zh"];

    public static IReadOnlyDictionary<string, string> For(ExplainLanguage language) => language switch
    {
        ExplainLanguage.Zh => ChineseMessages.All,
        _ => EnglishMessages.All,
    };

    public static bool TryParseLanguage(string text, out ExplainLanguage language)
    {
        int i = LanguageNames.ToList().IndexOf(text.Trim().ToLowerInvariant());
        language = i < 0 ? ExplainLanguage.En : (ExplainLanguage)i;
        return i >= 0;
    }

    /// <summary>The placeholders of a message text, in order of first use.</summary>
    public static IReadOnlyList<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToArray();

    /// <summary>The whole explanation as text: one fact per line, its time first, <c>\n</c> line ends.</summary>
    public static string Render(Explanation explanation, ExplainLanguage language)
    {
        var sb = new StringBuilder();
        foreach (string line in RenderLines(explanation, language)) sb.Append(line).Append('\n');
        return sb.ToString();
    }

    /// <summary>Each fact as one line of text.</summary>
    public static IReadOnlyList<string> RenderLines(Explanation explanation, ExplainLanguage language)
    {
        var messages = For(language);
        var lines = new List<string>();
        foreach (ExplainLine line in explanation.Lines)
        {
            string text = Format(messages, line);
            // A fact under another (Indent 1) shares its time: it is written under the text, not under the time.
            string time = line.Time is SimTime t ? (line.Indent > 0 ? new string(' ', 14) : FormatTime(t).PadLeft(12) + "  ") : "";
            lines.Add(time + new string(' ', line.Indent * 4) + text);
        }
        return lines;
    }

    private static string Format(IReadOnlyDictionary<string, string> messages, ExplainLine line)
    {
        if (!messages.TryGetValue(line.MessageId, out string? template))
            throw new KeyNotFoundException($"message '{line.MessageId}' is not in the catalogue");
        return Placeholder().Replace(template, m =>
        {
            string name = m.Groups[1].Value;
            foreach (ExplainArg arg in line.Args)
            {
                if (arg.Name != name) continue;
                return arg.Kind switch
                {
                    ArgKind.State => StateName(messages, arg.Value),
                    ArgKind.States => string.Join(" → ", arg.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => StateName(messages, s))),
                    _ => arg.Value,
                };
            }
            throw new KeyNotFoundException($"message '{line.MessageId}' needs '{{{name}}}', which the fact does not give");
        });
    }

    private static string StateName(IReadOnlyDictionary<string, string> messages, string rfcName) =>
        messages.TryGetValue("state-name." + rfcName, out string? name) ? name : rfcName;

    /// <summary>A simulated instant as people read it: <c>1000.030 ms</c> below 10 s, <c>90.000 s</c> above.</summary>
    public static string FormatTime(SimTime t) =>
        t.Nanoseconds < 10_000_000_000
            ? t.ToMillisecondsString() + " ms"
            : (t.Nanoseconds / 1e9).ToString("0.000", CultureInfo.InvariantCulture) + " s";

    /// <summary>A duration: <c>200 ms</c>, <c>1 s</c>, <c>1.5 s</c>, <c>924.6 s</c>.</summary>
    public static string FormatDuration(SimDuration d) =>
        d.Nanoseconds < 1_000_000_000
            ? (d.Nanoseconds / 1e6).ToString("0.###", CultureInfo.InvariantCulture) + " ms"
            : (d.Nanoseconds / 1e9).ToString("0.###", CultureInfo.InvariantCulture) + " s";

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();
}
