using Simulator.Core.Scenarios;
using Simulator.Core.Time;

namespace Simulator.Cli.Yaml;

/// <summary>
/// The keys of one YAML mapping of the scenario. Opening it reports every key that is not allowed there (with a
/// "did you mean" hint and the allowed list); the typed getters report values that do not parse, and return null.
/// </summary>
internal sealed class Fields
{
    private readonly Dictionary<string, DocEntry> _entries = new(StringComparer.Ordinal);
    private readonly ReadContext _context;
    private readonly HashSet<string> _misspelt = new(StringComparer.Ordinal);

    private Fields(DocMapping mapping, string what, ReadContext context)
    {
        Mapping = mapping;
        What = what;
        _context = context;
        foreach (DocEntry entry in mapping.Entries) _entries[entry.Key.Value] = entry;
    }

    public DocMapping Mapping { get; }

    /// <summary>What the mapping is, for messages: <c>link</c>, <c>endpoint 'client'</c>.</summary>
    public string What { get; }

    public TextPosition Start => Mapping.Start;

    /// <summary>The entries whose keys were not in the allowed list but were accepted by the extra-key test.</summary>
    public IReadOnlyList<DocEntry> Extra { get; private set; } = [];

    /// <summary>
    /// Opens <paramref name="node"/> as a mapping with the given keys. <paramref name="isExtraKey"/> admits keys that
    /// follow a pattern (like <c>client&gt;server</c>); <paramref name="extraKeyDisplay"/> names that pattern in messages.
    /// </summary>
    public static Fields? Open(DocNode node, string what, IReadOnlyList<string> allowed, ReadContext context,
        Func<string, bool>? isExtraKey = null, string? extraKeyDisplay = null)
    {
        if (node is not DocMapping mapping)
        {
            context.Report(node, $"{what} must be a mapping (key: value), not {node.KindName}");
            return null;
        }
        var fields = new Fields(mapping, what, context);
        List<DocEntry> extra = [];
        foreach (DocEntry entry in mapping.Entries)
        {
            string key = entry.Key.Value;
            if (allowed.Contains(key)) continue;
            if (isExtraKey is not null && isExtraKey(key))
            {
                extra.Add(entry);
                continue;
            }
            string list = string.Join(", ", extraKeyDisplay is null ? allowed : allowed.Append(extraKeyDisplay));
            string? suggestion = DidYouMean.Closest(key, allowed);
            if (suggestion is not null) fields._misspelt.Add(suggestion);
            string hint = suggestion is null ? "" : $" (did you mean '{suggestion}'?)";
            context.Report(entry.Key, $"unknown key '{key}' in {what}{hint}; allowed: {list}");
        }
        fields.Extra = extra;
        return fields;
    }

    public bool Has(string key) => _entries.ContainsKey(key);

    /// <summary>Present, or the "did you mean" target of a misspelt key (already reported).</summary>
    public bool HasOrMisspelt(string key) => Has(key) || _misspelt.Contains(key);

    public DocNode? Node(string key) => _entries.TryGetValue(key, out DocEntry e) ? e.Value : null;

    public DocScalar? KeyNode(string key) => _entries.TryGetValue(key, out DocEntry e) ? e.Key : null;

    /// <summary>Where the key was written (for errors about the key's presence), else the mapping.</summary>
    public TextPosition Where(string key) => KeyNode(key)?.Start ?? Mapping.Start;

    public SourceSpan Span => _context.Span(Mapping);

    /// <summary>
    /// Reports a missing key; <paramref name="hint"/> explains what to write. Not reported again when an unknown
    /// key of this mapping was already pointed at it by a "did you mean" hint.
    /// </summary>
    public bool Require(string key, string hint)
    {
        if (Has(key)) return true;
        if (!_misspelt.Contains(key)) _context.Report(Mapping, $"{What} is missing '{key}' ({hint})");
        return false;
    }

    /// <summary>The text of a single-value key; null (reported) when it is a list, a mapping or empty.</summary>
    public DocScalar? Scalar(string key)
    {
        DocNode? node = Node(key);
        return node is null ? null : _context.Scalar(node, key);
    }

    public string? Text(string key) => Scalar(key)?.Value;

    public T? Value<T>(string key, ScalarParser<T> parser) where T : struct
    {
        DocScalar? scalar = Scalar(key);
        return scalar is null ? null : _context.Parse(scalar, key, parser);
    }

    public SimDuration? Duration(string key) => Value<SimDuration>(key, ScalarValues.TryDuration);

    /// <summary>A duration that must be greater than zero.</summary>
    public SimDuration? PositiveDuration(string key)
    {
        SimDuration? d = Duration(key);
        if (d is { Nanoseconds: 0 })
        {
            _context.Report(Node(key)!, $"'{key}' must be greater than 0");
            return null;
        }
        return d;
    }

    public SimTime? Time(string key) => Duration(key) is SimDuration d ? new SimTime(d.Nanoseconds) : null;

    public long? Integer(string key, long min, long max) => Value(key, ScalarValues.Integer(min, max));

    public DocSequence? Sequence(string key)
    {
        DocNode? node = Node(key);
        if (node is null) return null;
        if (node is DocSequence sequence) return sequence;
        _context.Report(node, $"'{key}' must be a list, not {node.KindName}");
        return null;
    }
}
