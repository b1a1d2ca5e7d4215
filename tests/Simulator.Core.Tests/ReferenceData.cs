namespace Simulator.Core.Tests;

/// <summary>The Linux reference traces in <c>shared/reference/linux</c>, found by walking up from the test assembly.</summary>
internal static class ReferenceData
{
    private static readonly Lazy<string> Dir = new(Find);

    public static string LinuxDir => Dir.Value;

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

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = System.IO.Path.Combine(dir.FullName, "shared", "reference", "linux");
            if (Directory.Exists(candidate) && Directory.GetFiles(candidate, "*.segments.txt").Length > 0) return candidate;
        }
        throw new InvalidOperationException(
            $"shared/reference/linux not found in any folder above {AppContext.BaseDirectory}; the repository must sit beside 'shared/'");
    }
}
