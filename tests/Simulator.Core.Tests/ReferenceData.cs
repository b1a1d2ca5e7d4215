namespace Simulator.Core.Tests;

/// <summary>The Linux reference traces the repository keeps in <c>tests/reference/linux</c>.</summary>
internal static class ReferenceData
{
    public static string LinuxDir { get; } = System.IO.Path.Combine(Support.RepoPaths.Root, "tests", "reference", "linux");

    public static string Path(string file) => System.IO.Path.Combine(LinuxDir, file);

    public static string Text(string file) => File.ReadAllText(Path(file));

    /// <summary>Scenario names that have a client-side capture, segments and states.</summary>
    public static IEnumerable<string> Scenarios =>
        Directory.GetFiles(LinuxDir, "*.pcap").Select(f => System.IO.Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    public static TheoryData<string> ScenarioData()
    {
        var data = new TheoryData<string>();
        foreach (string s in Scenarios) data.Add(s);
        return data;
    }

    public static TheoryData<string> FilesData(string pattern)
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(LinuxDir, pattern).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal))
            data.Add(f);
        return data;
    }
}
