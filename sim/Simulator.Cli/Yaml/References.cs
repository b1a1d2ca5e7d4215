namespace Simulator.Cli.Yaml;

/// <summary>Checks names that refer to hosts and endpoints, with "did you mean" hints.</summary>
internal static class References
{
    /// <summary>The host named by <paramref name="scalar"/>, or null (reported) when no such host is defined.</summary>
    public static string? Host(DocScalar scalar, string key, ReadContext context) =>
        Host(scalar.Value, scalar.Start, key, context);

    public static string? Host(string name, TextPosition at, string key, ReadContext context)
    {
        if (context.Symbols.IsHost(name)) return name;
        var hosts = context.Symbols.HostNames;
        context.Report(at, $"unknown host '{name}' in '{key}'{DidYouMean.Hint(name, hosts)}; hosts: {List(hosts)}");
        return null;
    }

    /// <summary><c>host:port</c> with a defined host; null (reported) otherwise.</summary>
    public static (string Host, ushort Port)? HostPort(DocScalar scalar, string key, ReadContext context)
    {
        string text = scalar.Value.Trim();
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            context.Report(scalar, $"'{key}': '{scalar.Value}' is not host:port (like client:40000)");
            return null;
        }
        string? host = Host(text[..colon], scalar.Start, key, context);
        TextPosition portAt = scalar.PositionOf(colon + 1);
        if (!ScalarValues.TryPort(text[(colon + 1)..], out ushort port, out string error))
        {
            context.Report(portAt, $"'{key}': {error}");
            return null;
        }
        return host is null ? null : (host, port);
    }

    /// <summary>Names for a message: all of them when few, else the first ones and how many more.</summary>
    public static string List(IEnumerable<string> names)
    {
        const int Shown = 20;
        List<string> first = [.. names.Take(Shown + 1)];
        if (first.Count == 0) return "(none)";
        if (first.Count <= Shown) return string.Join(", ", first);
        int more = names.Count() - Shown;
        return string.Join(", ", first.Take(Shown)) + string.Create(System.Globalization.CultureInfo.InvariantCulture, $", … ({more} more)");
    }
}
