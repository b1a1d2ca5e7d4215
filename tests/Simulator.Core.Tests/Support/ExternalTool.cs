namespace Simulator.Core.Tests.Support;

/// <summary>
/// A program outside .NET that some tests run. When it is not on PATH those tests are reported as skipped, with the
/// reason and the install command; with <c>TCPSIM_REQUIRE_TOOLS=1</c> (as CI sets it) they run and fail instead.
/// </summary>
internal sealed record ExternalTool(string Name, string Purpose, string Install)
{
    public const string RequireVariable = "TCPSIM_REQUIRE_TOOLS";

    public static readonly ExternalTool Tshark =
        new("tshark", "check the pcaps with Wireshark's dissectors", "apt-get install -y tshark (Debian/Ubuntu)");

    private static readonly ExternalTool[] Known = [Tshark];

    public static ExternalTool Named(string name) =>
        Known.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"unknown external tool '{name}'", nameof(name));

    /// <summary>True when <c>TCPSIM_REQUIRE_TOOLS=1</c>: a missing tool fails its tests.</summary>
    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>The program's full path on PATH, or null.</summary>
    public string? Find()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, Name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private string Missing => $"{Name} is not on PATH (needed to {Purpose}); install it: {Install}";

    /// <summary>Why a test that needs the tool is skipped: null when it is there or is required.</summary>
    public string? SkipReason => Required || Find() is not null ? null : $"{Missing}; set {RequireVariable}=1 to fail instead of skipping";

    /// <summary>The program's path; a missing (required) tool fails the test.</summary>
    public string Executable()
    {
        string? path = Find();
        if (path is null) Assert.Fail($"{Missing} ({RequireVariable}=1)");
        return path;
    }
}

/// <summary>A fact that is skipped, with the reason, when the external program it needs is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool) => Skip = ExternalTool.Named(tool).SkipReason;
}

/// <summary>A theory that is skipped, with the reason, when the external program it needs is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ToolTheoryAttribute : TheoryAttribute
{
    public ToolTheoryAttribute(string tool) => Skip = ExternalTool.Named(tool).SkipReason;
}
