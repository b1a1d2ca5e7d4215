using Simulator.Cli.Yaml;
using Simulator.Core.Scenarios;
using Simulator.Core.Tests.Support;

namespace Simulator.Cli.Tests.Scenarios;

/// <summary>The repository's scenarios/ folder and a shared run of all of it.</summary>
internal static class ShippedScenarios
{
    public static string Folder => Path.Combine(RepoPaths.Root, "scenarios");

    public static string File(string name) => Path.Combine(Folder, name + ".yaml");

    public static Scenario Load(string name)
    {
        LoadResult result = ScenarioLoader.Load(File(name));
        Assert.True(result.Success, string.Join('\n', result.Errors));
        return result.Scenario!;
    }
}
