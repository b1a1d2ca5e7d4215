using Simulator.Cli.Yaml;
using Simulator.Core.Scenarios;

namespace Simulator.Cli.Tests.Scenarios;

/// <summary>The repository's scenarios/ folder and a shared run of all of it.</summary>
internal static class ShippedScenarios
{
    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "Simulator.sln"))) return Path.Combine(dir.FullName, "scenarios");
            throw new InvalidOperationException("Simulator.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string File(string name) => Path.Combine(Folder, name + ".yaml");

    public static Scenario Load(string name)
    {
        LoadResult result = ScenarioLoader.Load(File(name));
        Assert.True(result.Success, string.Join('\n', result.Errors));
        return result.Scenario!;
    }
}
