using System.CommandLine;
using Simulator.Cli.Catalog;
using Simulator.Cli.Output;
using Simulator.Cli.Yaml;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Commands;

/// <summary>
/// <c>tcpsim new &lt;name&gt; [file] [--force]</c>: writes a shipped scenario, or the <c>minimal</c> template, to start
/// from; <c>tcpsim new --list</c> lists them. The file's modeline points at <c>tcpsim.schema.json</c> beside it, which
/// is written too when missing. Never overwrites a file without <c>--force</c>.
/// </summary>
public static class NewCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var name = new Argument<string?>("name")
        {
            Description = $"A shipped scenario (see --list), or '{ScenarioCatalog.Template}' for a minimal template",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var file = new Argument<string?>("file")
        {
            Description = "Where to write it (default: <name>.yaml in the current folder)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var list = new Option<bool>("--list") { Description = "List the shipped scenarios and templates" };
        var force = new Option<bool>("--force") { Description = "Overwrite the file if it exists" };
        var command = new Command("new", "Write a shipped scenario or a minimal template to start from")
        {
            name, file, list, force,
        };
        command.SetAction(parseResult => parseResult.GetValue(list)
            ? List(stdout)
            : Write(parseResult.GetValue(name), parseResult.GetValue(file), parseResult.GetValue(force), stdout, stderr));
        return command;
    }

    public static int List(TextWriter stdout)
    {
        int width = ScenarioCatalog.All.Max(e => e.Name.Length);
        foreach (CatalogEntry entry in ScenarioCatalog.All)
        {
            stdout.WriteLine($"{entry.Name.PadRight(width)}  {Summary(entry)}");
        }
        return ExitCodes.Ok;
    }

    public static int Write(string? name, string? file, bool force, TextWriter stdout, TextWriter stderr)
    {
        CatalogEntry? entry = name is null ? null : ScenarioCatalog.Find(name);
        if (entry is null)
        {
            string problem = name is null ? "which scenario? give a name" : $"no shipped scenario or template '{name}'";
            stderr.WriteLine($"tcpsim new: {problem}; one of: {string.Join(", ", ScenarioCatalog.All.Select(e => e.Name))} (tcpsim new --list describes them)");
            return ExitCodes.InvalidInput;
        }
        string path = file ?? entry.DefaultFileName;
        if (Directory.Exists(path)) path = Path.Combine(path, entry.DefaultFileName);
        if (File.Exists(path) && !force)
        {
            stderr.WriteLine($"tcpsim new: '{path}' already exists; pass --force to overwrite it, or give another file name");
            return ExitCodes.InvalidInput;
        }
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string schemaPath = Path.Combine(Path.GetDirectoryName(path) ?? "", ScenarioSchema.FileName);
        try
        {
            Directory.CreateDirectory(folder);
            AtomicFileWriter.WriteAllText(path, WithModeline(entry.Text()));
            stdout.WriteLine($"wrote {path} (from {entry.Name}); run it: tcpsim run {path}");
            if (!File.Exists(schemaPath))
            {
                AtomicFileWriter.WriteAllText(schemaPath, ScenarioSchema.Text());
                stdout.WriteLine($"wrote {schemaPath} (the scenario format, for editors with the YAML language server)");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"tcpsim new: cannot write '{path}': {e.Message}");
            return ExitCodes.RunFailed;
        }
        return ExitCodes.Ok;
    }

    /// <summary>The text with its first line pointing the YAML language server at the schema beside the file.</summary>
    private static string WithModeline(string text)
    {
        string modeline = ScenarioSchema.Modeline(ScenarioSchema.FileName);
        if (!text.StartsWith(ScenarioSchema.ModelinePrefix, StringComparison.Ordinal)) return modeline + "\n" + text;
        int end = text.IndexOf('\n', StringComparison.Ordinal);
        return modeline + (end < 0 ? "\n" : text[end..]);
    }

    /// <summary>The first sentence of the scenario's description.</summary>
    private static string Summary(CatalogEntry entry)
    {
        LoadResult loaded = ScenarioLoader.Parse(entry.Text(), entry.Name + ".yaml");
        string description = loaded.Scenario?.Description?.Trim() ?? "";
        if (entry.IsTemplate) description = "template: " + description;
        int stop = description.IndexOf(". ", StringComparison.Ordinal);
        return (stop < 0 ? description : description[..(stop + 1)]).ReplaceLineEndings(" ");
    }
}
