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

    /// <summary>
    /// Captures whose shipped scenario is still to come with the loss-recovery model (SACK, RACK-TLP, fast
    /// retransmit). The linux-profile fidelity checks skip them; a test fails as soon as one of them has a scenario,
    /// so an entry leaves this list the day its scenario ships.
    /// </summary>
    public static IReadOnlySet<string> AwaitingScenario { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "lost-data-with-fin", "lost-first-of-3", "lost-middle-of-5", "lost-retransmission",
    };

    /// <summary>
    /// Captures whose shipped scenario matches them but for the SACK blocks the kernel sent (simultaneous-open: each
    /// side D-SACKs the duplicate SYN its peer's SYN-ACK carries), which the model does not send yet. They are
    /// checked with the SACK blocks set aside, and a test fails once the model sends them, so an entry leaves this list.
    /// </summary>
    public static IReadOnlySet<string> AwaitingSackBlocks { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "simultaneous-open",
    };

    /// <summary>The captures the linux profile is checked against in full: every one but those awaiting a model.</summary>
    public static TheoryData<string> ShippedScenarioData() =>
        Data(Scenarios.Where(s => !AwaitingScenario.Contains(s) && !AwaitingSackBlocks.Contains(s)));

    public static TheoryData<string> AwaitingSackBlocksData() => Data(AwaitingSackBlocks.Order(StringComparer.Ordinal));

    private static TheoryData<string> Data(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (string s in names) data.Add(s);
        return data;
    }

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
