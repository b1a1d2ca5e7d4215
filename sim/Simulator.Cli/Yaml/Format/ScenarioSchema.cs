using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Simulator.Cli.Yaml.Format;

/// <summary>
/// The scenario format as a JSON Schema (draft 2020-12), written from <see cref="ScenarioFormat"/>: one definition per
/// mapping kind, every key with its value and description, unknown keys rejected as the loader rejects them.
/// </summary>
public static class ScenarioSchema
{
    public const string Draft = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>The file name the shipped scenarios' modelines point at.</summary>
    public const string FileName = "tcpsim.schema.json";

    /// <summary>The first line of a scenario that tells the YAML language server where the schema is.</summary>
    public static string Modeline(string schemaPath) => $"# yaml-language-server: $schema={schemaPath}";

    public const string ModelinePrefix = "# yaml-language-server:";

    public static JsonObject Build()
    {
        var defs = new JsonObject();
        foreach (MappingFormat mapping in ScenarioFormat.All.Skip(1)) defs[mapping.Id] = Mapping(mapping);
        JsonObject root = Mapping(ScenarioFormat.Scenario);
        var schema = new JsonObject
        {
            ["$schema"] = Draft,
            ["title"] = "tcpsim scenario",
        };
        foreach (var (key, value) in root) schema[key] = value?.DeepClone();
        schema["$defs"] = defs;
        return schema;
    }

    /// <summary>The schema as <c>tcpsim schema</c> prints it: indented, <c>\n</c> line ends, a final newline.</summary>
    public static string Text()
    {
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return Build().ToJsonString(options).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonObject Mapping(MappingFormat mapping)
    {
        var properties = new JsonObject();
        foreach (FormatKey key in mapping.Keys)
        {
            JsonObject value = key.Value.Schema();
            value["description"] = key.Description;
            properties[key.Name] = value;
        }
        var schema = new JsonObject
        {
            ["description"] = mapping.Description,
            ["type"] = "object",
            ["properties"] = properties,
        };
        string[] required = [.. mapping.Keys.Where(k => k.Required).Select(k => k.Name)];
        if (required.Length > 0) schema["required"] = new JsonArray([.. required.Select(r => (JsonNode)JsonValue.Create(r))]);
        if (mapping.ExtraKeys is var (pattern, extra))
        {
            schema["patternProperties"] = new JsonObject { [pattern] = extra.Schema() };
        }
        schema["additionalProperties"] = false;
        if (mapping.Rules is JsonObject rules)
        {
            foreach (var (key, value) in rules) schema[key] = value?.DeepClone();
        }
        return schema;
    }
}
