using Simulator.Cli.Yaml;

namespace Simulator.Cli.Output;

/// <summary>
/// Where a scenario's outputs go: <c>&lt;root&gt;/&lt;name&gt;/</c>. Every path it hands out is checked to lie inside
/// the root, so no scenario name or file name can write elsewhere.
/// </summary>
public sealed class OutputPaths
{
    public OutputPaths(string root)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new ArgumentException("the output folder must not be empty", nameof(root));
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    }

    /// <summary>The output root, as a full path.</summary>
    public string Root { get; }

    /// <summary>The folder of one scenario's outputs; throws <see cref="ArgumentException"/> for a name that could escape.</summary>
    public string ScenarioFolder(string scenarioName)
    {
        if (Names.CheckScenarioName(scenarioName) is string problem)
        {
            throw new ArgumentException($"invalid scenario name for an output folder: {problem}", nameof(scenarioName));
        }
        string folder = Path.GetFullPath(Path.Combine(Root, scenarioName));
        if (!IsInside(Root, folder))
        {
            throw new ArgumentException($"'{scenarioName}' would write outside '{Root}'", nameof(scenarioName));
        }
        if (new DirectoryInfo(folder) is { Exists: true, LinkTarget: not null })
        {
            throw new ArgumentException($"'{folder}' is a symbolic link; refusing to write through it", nameof(scenarioName));
        }
        return folder;
    }

    /// <summary>A file in a scenario's output folder; the file name must be a plain name, not a path.</summary>
    public string FileIn(string scenarioName, string fileName)
    {
        CheckFileName(fileName);
        return Path.Combine(ScenarioFolder(scenarioName), fileName);
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="fileName"/> is a plain file name.</summary>
    public static void CheckFileName(string fileName)
    {
        if (string.IsNullOrEmpty(fileName) || fileName is "." or ".." || fileName.IndexOfAny(['/', '\\', '\0']) >= 0
            || Path.GetFileName(fileName) != fileName)
        {
            throw new ArgumentException($"'{fileName}' is not a plain file name", nameof(fileName));
        }
    }

    /// <summary>Is <paramref name="path"/> (a full path) strictly inside the folder <paramref name="root"/>?</summary>
    public static bool IsInside(string root, string path)
    {
        string prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(prefix, StringComparison.Ordinal);
    }
}
