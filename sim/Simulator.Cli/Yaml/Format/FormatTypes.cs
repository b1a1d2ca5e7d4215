using System.Text.Json.Nodes;

namespace Simulator.Cli.Yaml.Format;

/// <summary>
/// What one YAML value may be, as a JSON Schema fragment (the YAML language server reads plain scalars as YAML 1.2
/// does: <c>5000</c> is a number, <c>15us</c> a string, <c>true</c> a boolean).
/// </summary>
public sealed class ValueFormat
{
    private readonly JsonObject _schema;

    private ValueFormat(JsonObject schema) => _schema = schema;

    /// <summary>A fresh copy of the schema fragment (a JSON node can have only one parent).</summary>
    public JsonObject Schema() => (JsonObject)_schema.DeepClone();

    public static ValueFormat Of(JsonObject schema) => new(schema);

    public static ValueFormat Text(string? pattern = null)
    {
        var schema = new JsonObject { ["type"] = "string" };
        if (pattern is not null) schema["pattern"] = pattern;
        return new(schema);
    }

    public static ValueFormat Integer(long min, long? max = null)
    {
        var schema = new JsonObject { ["type"] = "integer", ["minimum"] = min };
        if (max is long m) schema["maximum"] = m;
        return new(schema);
    }

    public static ValueFormat Boolean() => new(new JsonObject { ["type"] = "boolean" });

    public static ValueFormat OneOf(IEnumerable<string> values) =>
        new(new JsonObject { ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]) });

    /// <summary>Any of the given forms, like an integer or the word <c>all</c>.</summary>
    public static ValueFormat AnyOf(params ValueFormat[] forms) =>
        new(new JsonObject { ["anyOf"] = new JsonArray([.. forms.Select(f => (JsonNode)f.Schema())]) });

    /// <summary>The mapping described by <paramref name="mapping"/> (a <c>$ref</c> to its definition).</summary>
    public static ValueFormat Mapping(MappingFormat mapping) => new(new JsonObject { ["$ref"] = $"#/$defs/{mapping.Id}" });

    public static ValueFormat List(ValueFormat item, int minItems = 0, int? maxItems = null)
    {
        var schema = new JsonObject { ["type"] = "array", ["items"] = item.Schema() };
        if (minItems > 0) schema["minItems"] = minItems;
        if (maxItems is int max) schema["maxItems"] = max;
        return new(schema);
    }

    /// <summary>A mapping from names (matching <paramref name="namePattern"/>) to values of one kind.</summary>
    public static ValueFormat Map(string namePattern, ValueFormat value, int minProperties = 0)
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["propertyNames"] = new JsonObject { ["pattern"] = namePattern },
            ["additionalProperties"] = value.Schema(),
        };
        if (minProperties > 0) schema["minProperties"] = minProperties;
        return new(schema);
    }
}

/// <summary>One key of a mapping: its value, what it means (unit and default included), and whether it is required.</summary>
public sealed record FormatKey(string Name, ValueFormat Value, string Description, bool Required = false);

/// <summary>
/// One kind of YAML mapping in a scenario, with every key it accepts. <see cref="ExtraKeys"/>: keys that follow a
/// pattern (a link's <c>client&gt;server</c>), as a JSON Schema regular expression, with their value.
/// <see cref="Rules"/>: further JSON Schema keywords (like "exactly one claim").
/// </summary>
public sealed record MappingFormat(string Id, string Description, IReadOnlyList<FormatKey> Keys)
{
    public (string Pattern, ValueFormat Value)? ExtraKeys { get; init; }

    public JsonObject? Rules { get; init; }

    /// <summary>The key names, in the documented order: what the loader opens the mapping with.</summary>
    public IReadOnlyList<string> Names { get; } = [.. Keys.Select(k => k.Name)];
}
