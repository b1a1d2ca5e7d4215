using System.Text;

namespace Simulator.Cli.Catalog;

/// <summary>One scenario that travels inside the tool: its name, where it came from, and its text.</summary>
public sealed record CatalogEntry(string Name, string ResourcePath, bool IsTemplate)
{
    /// <summary>The file name <c>tcpsim new</c> writes when none is given: the last part of the name.</summary>
    public string DefaultFileName => Name[(Name.LastIndexOf('/') + 1)..] + ".yaml";

    public string Text()
    {
        using Stream stream = typeof(ScenarioCatalog).Assembly.GetManifestResourceStream(ResourcePath)
            ?? throw new InvalidOperationException($"resource '{ResourcePath}' is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

/// <summary>
/// The scenarios embedded in the tool: every <c>scenarios/**/*.yaml</c> of the repository, named by its path below
/// <c>scenarios/</c> without <c>.yaml</c> (<c>lost-synack</c>, <c>why/...</c>), and the templates (<c>minimal</c>).
/// </summary>
public static class ScenarioCatalog
{
    private const string ScenarioPrefix = "scenarios/";
    private const string TemplatePrefix = "templates/";
    private const string Extension = ".yaml";

    /// <summary>The template a new scenario starts from when no shipped scenario fits.</summary>
    public const string Template = "minimal";

    /// <summary>Templates first, then the shipped scenarios, each sorted by name.</summary>
    public static IReadOnlyList<CatalogEntry> All { get; } = Load();

    /// <summary>
    /// The entry called <paramref name="name"/>: its full name, or the last part of a name in a subfolder when only
    /// one entry has it. Null when none (or several) match.
    /// </summary>
    public static CatalogEntry? Find(string name)
    {
        string wanted = name.EndsWith(Extension, StringComparison.Ordinal) ? name[..^Extension.Length] : name;
        if (All.FirstOrDefault(e => e.Name == wanted) is CatalogEntry exact) return exact;
        var byLastPart = All.Where(e => e.DefaultFileName == wanted + Extension).ToList();
        return byLastPart.Count == 1 ? byLastPart[0] : null;
    }

    private static List<CatalogEntry> Load()
    {
        List<CatalogEntry> entries = [];
        foreach (string resource in typeof(ScenarioCatalog).Assembly.GetManifestResourceNames())
        {
            // MSBuild's RecursiveDir uses the platform's separator.
            string path = resource.Replace('\\', '/');
            if (!path.EndsWith(Extension, StringComparison.Ordinal)) continue;
            if (path.StartsWith(TemplatePrefix, StringComparison.Ordinal))
                entries.Add(new CatalogEntry(path[TemplatePrefix.Length..^Extension.Length], resource, IsTemplate: true));
            else if (path.StartsWith(ScenarioPrefix, StringComparison.Ordinal))
                entries.Add(new CatalogEntry(path[ScenarioPrefix.Length..^Extension.Length], resource, IsTemplate: false));
        }
        return [.. entries.OrderBy(e => !e.IsTemplate).ThenBy(e => e.Name, StringComparer.Ordinal)];
    }
}
