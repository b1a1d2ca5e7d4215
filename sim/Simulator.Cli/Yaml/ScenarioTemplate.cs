using System.Globalization;
using Simulator.Core.Scenarios;

namespace Simulator.Cli.Yaml;

/// <summary>
/// A scenario file read once as a YAML document, from which scenarios are built with some values replaced: the
/// <c>--vary</c> keys of a sweep are paths into that document (<c>links[0].loss</c>,
/// <c>links[0].client&gt;server.loss</c>, <c>endpoints.client.tcp.syn_retries</c>, <c>faults[0].drop.count</c>). Each
/// replaced value is checked by the same reader as the file, so a bad value gets the same message a bad value in
/// the file gets.
/// </summary>
public sealed class ScenarioTemplate
{
    /// <summary>Keys the sweep sets itself or that name the run; varying them would make no sense.</summary>
    private static readonly Dictionary<string, string> Reserved = new(StringComparer.Ordinal)
    {
        ["seed"] = "the seed is set per run by --seeds",
        ["name"] = "the name names the output folder",
    };

    private readonly DocNode _root;

    private ScenarioTemplate(DocNode root, string file)
    {
        _root = root;
        File = file;
    }

    public string File { get; }

    /// <summary>Reads the file; null with the errors when it cannot be read or is not YAML.</summary>
    public static ScenarioTemplate? Load(string path, out IReadOnlyList<ScenarioError> errors)
    {
        DocNode? root = ScenarioLoader.ReadDocument(path, out errors);
        return root is null ? null : new ScenarioTemplate(root, path);
    }

    /// <summary>
    /// Checks that <paramref name="key"/> is a path to a single value of the document (or to a key that may be
    /// added there); null when it is, else what is wrong and what the path could be.
    /// </summary>
    public string? CheckPath(string key) => Replace(_root, key, "0", out _) is null ? Problem(key) : null;

    /// <summary>The scenario with each (key, value) replaced, validated; or its errors.</summary>
    public LoadResult Build(IReadOnlyList<(string Key, string Value)> replacements)
    {
        DocNode root = _root;
        foreach (var (key, value) in replacements)
        {
            root = Replace(root, key, value, out string? problem)
                ?? throw new ArgumentException($"--vary {key}: {problem}", nameof(replacements));
        }
        return ScenarioLoader.FromDocument(root, File);
    }

    private string Problem(string key)
    {
        Replace(_root, key, "0", out string? problem);
        return problem!;
    }

    /// <summary>A copy of <paramref name="root"/> with the value at <paramref name="key"/> replaced (nodes off the path are shared).</summary>
    private static DocNode? Replace(DocNode root, string key, string value, out string? problem)
    {
        problem = null;
        string[] parts = key.Split('.');
        if (parts.Any(p => p.Length == 0))
        {
            problem = "write a path like links[0].loss or endpoints.client.tcp.syn_retries (keys joined by '.', list items as [n])";
            return null;
        }
        if (Reserved.TryGetValue(parts[0], out string? why))
        {
            problem = $"'{parts[0]}' cannot be varied: {why}";
            return null;
        }
        return Step(root, parts, 0, "", value, out problem);
    }

    private static DocNode? Step(DocNode node, string[] parts, int at, string where, string value, out string? problem)
    {
        problem = null;
        if (at == parts.Length)
        {
            if (node is DocScalar) return new DocScalar(node.Start, value, isPlain: true, isSingleLine: true);
            problem = $"{Describe(where)} is {node.KindName}, not a single value; {Keys(node, where)}";
            return null;
        }
        // One part: a key, then any number of [n] list indexes.
        string part = parts[at];
        int bracket = part.IndexOf('[');
        if (bracket == 0)
        {
            problem = $"'{part}': a list index follows a key, like links[0]";
            return null;
        }
        if (node is not DocMapping mapping)
        {
            problem = $"{Describe(where)} is {node.KindName}, it has no key '{part}'; {Keys(node, where)}";
            return null;
        }
        // Names may contain dots (endpoint 'web.1'): take the longest run of parts that is a key here.
        int last = at;
        for (int j = parts.Length - 1; j > at; j--)
        {
            if (parts[at..j].Any(p => p.Contains('[', StringComparison.Ordinal))) continue;
            string joined = string.Join('.', parts[at..(j + 1)]);
            int b = joined.IndexOf('[');
            if (mapping.Entries.Any(e => e.Key.Value == (b < 0 ? joined : joined[..b])))
            {
                last = j;
                break;
            }
        }
        if (last > at)
        {
            part = string.Join('.', parts[at..(last + 1)]);
            bracket = part.IndexOf('[');
        }
        string name = bracket < 0 ? part : part[..bracket];
        List<int>? indexes = ParseIndexes(bracket < 0 ? "" : part[bracket..]);
        if (indexes is null)
        {
            problem = $"'{part}': a list index is written [n] with n a whole number from 0";
            return null;
        }
        string path = where.Length == 0 ? name : $"{where}.{name}";
        int entry = mapping.Entries.FindIndex(e => e.Key.Value == name);
        DocNode? child;
        if (entry >= 0) child = mapping.Entries[entry].Value;
        else if (indexes.Count == 0 && (last == parts.Length - 1 || IsOptionalSection(name)))
            // A key that is not written yet: add it (the scenario reader then says whether it is allowed here).
            child = last == parts.Length - 1 ? new DocScalar(mapping.Start, "", isPlain: true, isSingleLine: true) : new DocMapping(mapping.Start);
        else
        {
            problem = $"{Describe(where)} has no key '{name}'; {Keys(mapping, where)}";
            return null;
        }

        DocNode? replaced = Index(child, indexes, path, parts, last + 1, value, out problem);
        if (replaced is null) return null;
        var copy = new DocMapping(mapping.Start);
        copy.Entries.AddRange(mapping.Entries);
        var newEntry = new DocEntry(entry >= 0 ? mapping.Entries[entry].Key : new DocScalar(mapping.Start, name, true, true), replaced);
        if (entry >= 0) copy.Entries[entry] = newEntry;
        else copy.Entries.Add(newEntry);
        return copy;
    }

    private static DocNode? Index(DocNode node, List<int> indexes, string path, string[] parts, int next, string value, out string? problem)
    {
        if (indexes.Count == 0) return Step(node, parts, next, path, value, out problem);
        int i = indexes[0];
        if (node is not DocSequence sequence || i >= sequence.Items.Count)
        {
            problem = node is DocSequence s
                ? $"{path} has {s.Items.Count} item{(s.Items.Count == 1 ? "" : "s")}; valid indexes are {path}[0]..{path}[{s.Items.Count - 1}]"
                : $"{path} is {node.KindName}, not a list; write it without [{i}]";
            if (node is DocSequence { Items.Count: 0 }) problem = $"{path} is an empty list";
            return null;
        }
        DocNode? replaced = Index(sequence.Items[i], indexes[1..], $"{path}[{i}]", parts, next, value, out problem);
        if (replaced is null) return null;
        var copy = new DocSequence(sequence.Start);
        copy.Items.AddRange(sequence.Items);
        copy.Items[i] = replaced;
        return copy;
    }

    /// <summary>Mappings a scenario may leave out and a path may still go through: an endpoint's <c>tcp:</c> and a link's <c>a&gt;b:</c>.</summary>
    private static bool IsOptionalSection(string name) => name == "tcp" || name.Contains('>', StringComparison.Ordinal);

    private static List<int>? ParseIndexes(string text)
    {
        var indexes = new List<int>();
        int i = 0;
        while (i < text.Length)
        {
            int close = text.IndexOf(']', i);
            if (text[i] != '[' || close < 0
                || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                return null;
            indexes.Add(n);
            i = close + 1;
        }
        return indexes;
    }

    private static string Describe(string where) => where.Length == 0 ? "the scenario" : $"'{where}'";

    private static string Keys(DocNode node, string where) => node switch
    {
        DocMapping m when m.Entries.Count > 0 =>
            $"keys there: {string.Join(", ", m.Entries.Select(e => (where.Length == 0 ? "" : where + ".") + e.Key.Value))}",
        DocSequence s when s.Items.Count > 0 => $"it is a list: {where}[0]..{where}[{s.Items.Count - 1}]",
        _ => "nothing below it can be varied",
    };
}
