using System.Globalization;

namespace Simulator.Cli.Yaml;

/// <summary>
/// What names may look like. Host and endpoint names appear in <c>client&gt;server</c>, <c>host:port</c> and
/// <c>listener#n</c>, so they are limited to letters, digits, '_', '-' and '.'; the scenario name becomes a folder name.
/// </summary>
public static class Names
{
    public const int MaxNameLength = 64;
    public const int MaxScenarioNameLength = 100;

    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

    /// <summary>Null when <paramref name="name"/> is a valid host or endpoint name, else what is wrong with it.</summary>
    public static string? CheckName(string name, string what)
    {
        if (name.Length == 0) return $"{what} name must not be empty";
        if (name.Length > MaxNameLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{what} name '{Shorten(name)}' is longer than {MaxNameLength} characters");
        }
        int bad = name.AsSpan().IndexOfAnyExcept(NameChars);
        if (bad >= 0)
        {
            return $"{what} name '{Shorten(name)}' contains {Describe(name[bad])}; use letters, digits, '_', '-' and '.'";
        }
        return null;
    }

    /// <summary>Null when <paramref name="name"/> can be the scenario's output folder name, else what is wrong.</summary>
    public static string? CheckScenarioName(string name)
    {
        if (name.Length == 0) return "'name' must not be empty";
        if (name.Length > MaxScenarioNameLength)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"'name' is longer than {MaxScenarioNameLength} characters (it becomes the output folder name)");
        }
        if (name is "." or "..") return $"'name' cannot be '{name}' (it becomes the output folder name)";
        int bad = name.AsSpan().IndexOfAnyExcept(NameChars);
        if (bad >= 0)
        {
            return $"'name' contains {Describe(name[bad])}; it becomes the output folder name, so use only letters, digits, '.', '_' and '-'";
        }
        return null;
    }

    private static readonly System.Buffers.SearchValues<char> NameChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");

    private static string Describe(char c) => c switch
    {
        ' ' => "a space",
        '\t' => "a tab",
        _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"a control character (U+{(int)c:X4})"),
        _ => $"'{c}'",
    };

    private static string Shorten(string name) => name.Length <= 40 ? name : name[..40] + "…";
}
