using System.CommandLine.Parsing;

namespace Simulator.Cli.Commands;

/// <summary>Turns the command line's files and folders into scenario files: a folder means every <c>*.yaml</c> in it.</summary>
public static class ScenarioInputs
{
    /// <summary>An argument that starts with '-' is a mistyped option, not a file (write ./-x for such a file).</summary>
    public static void RejectOptionLikeValues(ArgumentResult result)
    {
        foreach (Token token in result.Tokens.Where(t => t.Value.StartsWith('-')))
        {
            result.AddError($"unknown option '{token.Value}'");
        }
    }

    /// <summary>The files, in order (each folder's sorted by name); null when a path is missing or a folder has none.</summary>
    public static IReadOnlyList<string>? Expand(IEnumerable<string> paths, TextWriter stderr)
    {
        List<string> files = [];
        bool ok = true;
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                string[] found = Directory.GetFiles(path, "*.yaml", SearchOption.TopDirectoryOnly);
                Array.Sort(found, StringComparer.Ordinal);
                if (found.Length == 0)
                {
                    stderr.WriteLine($"tcpsim: no *.yaml files in folder '{path}'");
                    ok = false;
                }
                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                stderr.WriteLine($"tcpsim: no such file or folder: '{path}'");
                ok = false;
            }
        }
        return ok ? files : null;
    }
}
