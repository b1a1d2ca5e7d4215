using System.CommandLine;
using Simulator.Cli.Yaml;

namespace Simulator.Cli.Commands;

/// <summary><c>tcpsim validate &lt;file|folder&gt;...</c>: checks scenarios without running them.</summary>
public static class ValidateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("scenario")
        {
            Description = "Scenario files, or folders (every *.yaml in them and their subfolders, sorted by name)",
            Arity = ArgumentArity.OneOrMore,
        };
        paths.Validators.Add(ScenarioInputs.RejectOptionLikeValues);
        var command = new Command("validate", "Check scenario files without running them (exit 0: all valid, 2: some invalid)")
        {
            paths,
        };
        command.SetAction(parseResult => Execute(parseResult.GetValue(paths) ?? [], stdout, stderr));
        return command;
    }

    /// <summary>Prints <c>OK &lt;file&gt;</c> for each valid file and the errors of the others; 0 if all are valid, else 2.</summary>
    public static int Execute(IReadOnlyList<string> paths, TextWriter stdout, TextWriter stderr)
    {
        IReadOnlyList<string>? files = ScenarioInputs.Expand(paths, stderr);
        if (files is null) return ExitCodes.InvalidInput;
        bool allValid = true;
        foreach (string file in files)
        {
            LoadResult result = ScenarioLoader.Load(file);
            if (result.Success)
            {
                stdout.WriteLine($"OK {file}");
                continue;
            }
            allValid = false;
            foreach (ScenarioError error in result.Errors) stderr.WriteLine(error);
        }
        return allValid ? ExitCodes.Ok : ExitCodes.InvalidInput;
    }
}
