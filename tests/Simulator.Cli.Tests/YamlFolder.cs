namespace Simulator.Cli.Tests;

/// <summary>The <c>*.yaml</c> files of a folder as theory rows (file names, sorted).</summary>
internal static class YamlFolder
{
    public static TheoryData<string> FileNames(string folder)
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }
}
