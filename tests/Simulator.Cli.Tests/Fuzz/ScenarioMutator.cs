using System.Text;
using System.Text.RegularExpressions;

namespace Simulator.Cli.Tests.Fuzz;

/// <summary>
/// Structure-aware mutations of scenario YAML: keys, values, durations, indentation, anchors and aliases, tags,
/// Unicode, flow syntax, line edits and truncation. Each input gets one to three of them; the same seed gives the
/// same inputs.
/// </summary>
internal sealed partial class ScenarioMutator(int seed)
{
    private static readonly string[] Keys =
    [
        "name", "description", "seed", "profile", "until", "hosts", "links", "faults", "endpoints", "inject", "expect", "chaos",
        "between", "delay", "jitter", "loss", "duplicate", "bandwidth", "drop", "from", "to", "flags", "nth", "count", "after",
        "before", "by", "sent_after", "sent_before", "host", "port", "tcp", "steps", "do", "on", "at", "bytes", "endpoint",
        "states", "connect", "final", "segments", "equals", "invariant", "segment", "seq", "ack", "len", "address",
        "rto_initial", "rto_min", "rto_max", "syn_retries", "synack_retries", "time_wait", "msl", "fin_timeout", "delayed_ack",
        "isn", "max_faults", "actions", "max_nth", "max_delay", "max_loss", "max_duplicate", "max_jitter", "<<", "", " ",
    ];

    private static readonly string[] Values =
    [
        "", "~", "null", "0", "-1", "1", "2", "65535", "65536", "4294967295", "4294967296", "9223372036854775807",
        "9223372036854775808", "18446744073709551616", "1e309", "-1e309", "NaN", ".nan", ".inf", "-.inf", "0x10", "0o7",
        "1_000", "true", "false", "yes", "[]", "{}", "[a, b]", "{ a: 1 }", "'quoted'", "\"dq\\x00\"", "\"\\u0000\"", "|",
        ">", "- x", "a: b", "#", "&", "*", "!", "%", "@", "`", "10.0.0.1", "256.1.1.1", "10.0.0", "client", "server",
        "server:5000", "server:99999", "client>server", "listen", "connect", "send", "close", "abort", "shutdown",
        "established", "received 100", "received -5", "eof", "SYN", "SYN-ACK", "ANY", "FIN,ACK", "ESTABLISHED", "CLOSED",
        "linux", "rfc9293", "all", "ok", "ECONNREFUSED", "client>server [S] 0 0 0", "client>server [S.] 1 2 3 LOST",
        "[", "{", "]", "}", "a,b", new string('x', 5000), "∞", "１０ms", "1e3", "-0", "+5", "0.5.5",
    ];

    private static readonly string[] Durations =
    [
        "0s", "0ns", "1ns", "-1ms", "1.5.5s", "1e9s", "9223372036854775807ns", "9223372036854775808ns", "9223372036s",
        "9223372037s", "153722867min", "99999999999999999999s", "0.0000000001s", "1.0000000001ms", "1h", "1 ms", "ms",
        "1min30s", ".5s", "5.s", "NaNs", "infs", "1e-9s", "2min", "250us", "1µs", "10MS",
    ];

    private static readonly string[] Tags =
        ["!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!binary ", "!!map ", "!!seq ", "!custom ", "!<tag:yaml.org,2002:str> ", "! ", "!!timestamp "];

    private static readonly string[] Unicode =
        ["\uFEFF", "\u200B", "\u202E", "\u00A0", "\u3000", "é", "e\u0301", "名", "😀", "\uD800", "\uDFFF", "\u0085", "\u2028", "\t", "\r", "\r\n", "\u0000", "\u001B[31m", "\\"];

    private static readonly string[] Prologues =
    [
        "%YAML 1.2\n---\n", "---\n", "--- !!map\n", "%TAG ! tag:x,2000:\n---\n", "...\n",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
    ];

    private readonly Random _random = new(seed);

    /// <summary>One input made from <paramref name="original"/>.</summary>
    public string Mutate(string original)
    {
        string text = original;
        int count = 1 + _random.Next(3);
        for (int i = 0; i < count; i++) text = MutateOnce(text);
        return text;
    }

    /// <summary>A byte-level input: the text's UTF-8 with flipped bytes, or another encoding.</summary>
    public byte[] MutateBytes(string original)
    {
        byte[] bytes = _random.Next(4) switch
        {
            0 => Encoding.Unicode.GetBytes(original),
            1 => Encoding.Latin1.GetBytes(Mutate(original)),
            _ => Encoding.UTF8.GetBytes(Mutate(original)),
        };
        int flips = _random.Next(4);
        for (int i = 0; i < flips && bytes.Length > 0; i++) bytes[_random.Next(bytes.Length)] = (byte)_random.Next(256);
        return bytes;
    }

    private string MutateOnce(string text)
    {
        string[] lines = text.Split('\n');
        int at = _random.Next(lines.Length);
        switch (_random.Next(12))
        {
            case 0: lines[at] = ReplaceKey(lines[at]); break;
            case 1: lines[at] = ReplaceValue(lines[at], Pick(Values)); break;
            case 2: lines[at] = DurationRegex().Replace(lines[at], _ => Pick(Durations), 1); break;
            case 3: lines[at] = Reindent(lines[at]); break;
            case 4: return AnchorAndAlias(lines);
            case 5: lines[at] = ReplaceValue(lines[at], Pick(Tags) + ValueOf(lines[at])); break;
            case 6: return Insert(text, Pick(Unicode));
            case 7: return text[.._random.Next(text.Length + 1)];
            case 8: return LineEdit(lines);
            case 9: lines[at] = ReplaceValue(lines[at], _random.Next(2) == 0 ? $"[{ValueOf(lines[at])}" : $"{{ {ValueOf(lines[at])}: }}"); break;
            case 10: return Pick(Prologues) + text;
            default: lines[at] = ReplaceValue(lines[at], NumberLike()); break;
        }
        return string.Join('\n', lines);
    }

    private string ReplaceKey(string line)
    {
        Match m = KeyRegex().Match(line);
        if (!m.Success) return line;
        string key = m.Groups[2].Value;
        string replacement = _random.Next(3) switch
        {
            0 => Pick(Keys),
            1 when key.Length > 1 => Swap(key),
            _ => key.ToUpperInvariant(),
        };
        return m.Groups[1].Value + replacement + line[(m.Groups[1].Length + key.Length)..];
    }

    private static string ValueOf(string line)
    {
        int colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? line.TrimStart(' ', '-') : line[(colon + 2)..];
    }

    private static string ReplaceValue(string line, string value)
    {
        int colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon >= 0) return line[..(colon + 2)] + value;
        int dash = line.IndexOf("- ", StringComparison.Ordinal);
        return dash >= 0 ? line[..(dash + 2)] + value : line + value;
    }

    private string Reindent(string line) => _random.Next(4) switch
    {
        0 => "  " + line,
        1 => line.StartsWith("  ", StringComparison.Ordinal) ? line[2..] : " " + line,
        2 => "\t" + line.TrimStart(),
        _ => " " + line,
    };

    private string AnchorAndAlias(string[] lines)
    {
        int a = _random.Next(lines.Length), b = _random.Next(lines.Length);
        string name = _random.Next(4) == 0 ? "missing" : "x";
        lines[a] = ReplaceValue(lines[a], $"&x {ValueOf(lines[a])}");
        lines[b] = _random.Next(3) == 0 ? Indent(lines[b]) + "<<: *" + name : ReplaceValue(lines[b], "*" + name);
        return string.Join('\n', lines);
    }

    private string LineEdit(string[] lines)
    {
        var list = lines.ToList();
        int i = _random.Next(list.Count), j = _random.Next(list.Count);
        switch (_random.Next(3))
        {
            case 0: list.RemoveAt(i); break;
            case 1: list.Insert(i, list[j]); break;
            default: (list[i], list[j]) = (list[j], list[i]); break;
        }
        return string.Join('\n', list);
    }

    private string Insert(string text, string s)
    {
        int at = _random.Next(text.Length + 1);
        return text[..at] + s + text[at..];
    }

    private string NumberLike() => _random.Next(4) switch
    {
        0 => _random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => (-_random.NextInt64()).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => _random.NextDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => new string('9', 1 + _random.Next(40)),
    };

    private static string Indent(string line) => line[..(line.Length - line.TrimStart().Length)];

    private string Swap(string key)
    {
        int i = _random.Next(key.Length - 1);
        char[] c = key.ToCharArray();
        (c[i], c[i + 1]) = (c[i + 1], c[i]);
        return new string(c);
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    [GeneratedRegex(@"\b\d+(\.\d+)?(ns|us|ms|s|min)\b")]
    private static partial Regex DurationRegex();

    [GeneratedRegex(@"^(\s*(?:-\s+)?)([A-Za-z_<][\w<>#-]*)(?=\s*:)")]
    private static partial Regex KeyRegex();
}
