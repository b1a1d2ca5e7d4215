using Simulator.Cli.Yaml.Format;
using Simulator.Core.Tests.Support;

namespace Simulator.Cli.Tests.Format;

/// <summary>scenarios/README.md documents every key the format has.</summary>
public sealed class FormatDocTests
{
    public static TheoryData<string, string> Keys()
    {
        var data = new TheoryData<string, string>();
        foreach (MappingFormat mapping in ScenarioFormat.All)
            foreach (FormatKey key in mapping.Keys)
                data.Add(mapping.Id, key.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void EveryKey_IsDocumentedInTheScenariosReadme(string mapping, string key)
    {
        string doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "scenarios", "README.md"));
        Assert.True(new[] { "`", ".", ":" }.Any(end => doc.Contains($"`{key}{end}", StringComparison.Ordinal)),
            $"'{key}' of {mapping} is not documented in scenarios/README.md");
    }
}
