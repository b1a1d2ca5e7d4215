namespace Simulator.Core.Tests.Support;

/// <summary>Finds the repository: the folder with Simulator.sln above the test assembly.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Simulator.sln"))) return dir.FullName;
            throw new InvalidOperationException("Simulator.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
