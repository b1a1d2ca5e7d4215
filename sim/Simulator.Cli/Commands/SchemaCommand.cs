using System.CommandLine;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Commands;

/// <summary>
/// <c>tcpsim schema</c>: prints the JSON Schema (draft 2020-12) of the scenario format, for editors with the YAML
/// language server (<c># yaml-language-server: $schema=tcpsim.schema.json</c>) and for other validators.
/// </summary>
public static class SchemaCommand
{
    public static Command Create(TextWriter stdout)
    {
        var command = new Command("schema", $"Print the JSON Schema of the scenario format (save it as {ScenarioSchema.FileName} beside your scenarios)");
        command.SetAction(_ =>
        {
            stdout.Write(ScenarioSchema.Text());
            return ExitCodes.Ok;
        });
        return command;
    }
}
