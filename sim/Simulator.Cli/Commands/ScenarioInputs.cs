using System.CommandLine.Parsing;

namespace Simulator.Cli.Commands;

/// <summary>
/// Turns the command line's files and folders into scenario files: a folder means every <c>*.yaml</c> in it and in
/// its subfolders.
/// </summary>
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

    /// <summary>
    /// The files, in order (each folder's sorted by path, so a folder's own files come before its subfolders' as
    /// '/' sorts before letters); null when a path is missing or a folder has none.
    /// </summary>
    public static IReadOnlyList<string>? Expand(IEnumerable<string> paths, TextWriter stderr)
    {
        List<string> files = [];
        bool ok = true;
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                string[] found = Directory.GetFiles(path, "*.yaml", SearchOption.AllDirectories);
                Array.Sort(found, (a, b) => ByFolderThenName(path, a, b));
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

    /// <summary>A folder's own files first (by name), then each subfolder's, subfolders by name.</summary>
    private static int ByFolderThenName(string root, string a, string b)
    {
        string ra = Path.GetRelativePath(root, a), rb = Path.GetRelativePath(root, b);
        int depth = ra.Count(c => c == Path.DirectorySeparatorChar).CompareTo(rb.Count(c => c == Path.DirectorySeparatorChar));
        return depth != 0 ? depth : string.CompareOrdinal(ra, rb);
    }
}
