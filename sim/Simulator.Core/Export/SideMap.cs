using Simulator.Core.Network;

namespace Simulator.Core.Export;

/// <summary>
/// Renames the sides of a wire listing: <c>c=client,s=server</c> maps the reference's short names to host names;
/// <c>10.77.0.1=client</c> names an address of a capture. Names without an entry stay as they are.
/// </summary>
public sealed class SideMap
{
    private readonly Dictionary<string, string> _names;

    private SideMap(Dictionary<string, string> names) => _names = names;

    /// <summary>No renaming.</summary>
    public static SideMap Identity { get; } = new([]);

    /// <summary>The reference traces' short names: <c>c=client,s=server</c>.</summary>
    public static SideMap Default { get; } = Parse("c=client,s=server");

    public IReadOnlyDictionary<string, string> Entries => _names;

    /// <summary>Parses <c>key=name[,key=name...]</c>; keys are side names or IPv4 addresses.</summary>
    public static SideMap Parse(string text)
    {
        if (!TryParse(text, out var map, out string? error)) throw new FormatException(error);
        return map;
    }

    public static bool TryParse(string text, out SideMap map, out string? error)
    {
        map = Identity;
        error = null;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == raw.Length - 1)
            {
                error = $"map entry '{raw}' is not key=name (e.g. c=client,s=server or 10.77.0.1=client)";
                return false;
            }
            string key = raw[..eq].Trim();
            string value = raw[(eq + 1)..].Trim();
            if (value.Contains('>', StringComparison.Ordinal) || value.Any(char.IsWhiteSpace))
            {
                error = $"map entry '{raw}': a name may not contain '>' or spaces";
                return false;
            }
            if (!names.TryAdd(key, value))
            {
                error = $"map entry '{raw}': '{key}' is mapped twice";
                return false;
            }
        }
        if (names.Count == 0)
        {
            error = "empty map (expected e.g. c=client,s=server)";
            return false;
        }
        map = new SideMap(names);
        return true;
    }

    /// <summary>This map plus <paramref name="entries"/> whose keys it does not name yet (e.g. endpoints to their hosts).</summary>
    public SideMap With(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var names = new Dictionary<string, string>(_names, StringComparer.Ordinal);
        foreach (var (key, value) in entries) names.TryAdd(key, value);
        return new SideMap(names);
    }

    /// <summary>The name for <paramref name="side"/>: its entry, or itself.</summary>
    public string Name(string side) => _names.TryGetValue(side, out string? name) ? name : side;

    /// <summary>The entry for an address, if any.</summary>
    public bool TryName(Ipv4Address address, out string name)
    {
        if (_names.TryGetValue(address.ToString(), out string? n))
        {
            name = n;
            return true;
        }
        name = "";
        return false;
    }

    /// <summary>Maps both sides of <c>from&gt;to</c>.</summary>
    public string Dir(string dir)
    {
        int gt = dir.IndexOf('>', StringComparison.Ordinal);
        return gt < 0 ? Name(dir) : Name(dir[..gt]) + ">" + Name(dir[(gt + 1)..]);
    }

    /// <summary>A copy of the listing with mapped directions.</summary>
    public IReadOnlyList<WireSegment> Apply(IEnumerable<WireSegment> segments) =>
        segments.Select(s => s with { Dir = Dir(s.Dir) }).ToList();

    public override string ToString() => string.Join(",", _names.Select(kv => kv.Key + "=" + kv.Value));
}
