using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Simulator.Cli.Catalog;
using Simulator.Cli.Tests.Scenarios;
using Simulator.Cli.Yaml;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Tests.Format;

/// <summary>
/// The editor schema against the loader: the committed file is what <c>tcpsim schema</c> prints, every shipped
/// scenario validates with a standard JSON Schema validator, and the keys and enumerations of the schema are exactly
/// those the loader accepts (probed through the loader's own "allowed: ..." messages).
/// </summary>
public sealed class SchemaTests
{
    private static string CommittedPath => Path.Combine(ShippedScenarios.Folder, ScenarioSchema.FileName);

    private static readonly Lazy<JsonSchema> Validator = new(() => JsonSchema.FromText(ScenarioSchema.Text()));

    private static JsonObject Schema => ScenarioSchema.Build();

    public static TheoryData<string> ShippedFiles()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(ShippedScenarios.Folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(ShippedScenarios.Folder, f));
        return data;
    }

    [Fact]
    public void CommittedSchema_IsWhatTheSchemaCommandPrints()
    {
        var (code, stdout, _) = CliRun.Invoke("schema");
        Assert.Equal(0, code);
        Assert.True(File.ReadAllText(CommittedPath) == stdout,
            $"scenarios/{ScenarioSchema.FileName} is out of date; regenerate it: dotnet run --project sim/Simulator.Cli -- schema > scenarios/{ScenarioSchema.FileName}");
    }

    [Fact]
    public void Schema_IsAValidDraft202012Schema()
    {
        using JsonDocument schema = JsonDocument.Parse(ScenarioSchema.Text());
        Assert.Equal(ScenarioSchema.Draft, schema.RootElement.GetProperty("$schema").GetString());
        EvaluationResults result = MetaSchemas.Draft202012.Evaluate(schema.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, Problems(result));
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void ShippedScenario_ValidatesAgainstTheSchema_AndStartsWithTheModeline(string file)
    {
        string path = Path.Combine(ShippedScenarios.Folder, file);
        string text = File.ReadAllText(path);
        string relative = Path.GetRelativePath(Path.GetDirectoryName(path)!, CommittedPath).Replace('\\', '/');
        Assert.Equal(ScenarioSchema.Modeline(relative), text.Split('\n')[0]);
        EvaluationResults result = Validate(text);
        Assert.True(result.IsValid, Problems(result));
    }

    [Fact]
    public void Template_ValidatesAgainstTheSchema()
    {
        foreach (CatalogEntry template in ScenarioCatalog.All.Where(e => e.IsTemplate))
        {
            EvaluationResults result = Validate(template.Text());
            Assert.True(result.IsValid, template.Name + ": " + Problems(result));
        }
    }

    [Theory]
    [InlineData("delay: 1ms", "delay: 1", "a duration needs a unit")]
    [InlineData("delay: 1ms", "delai: 1ms", "unknown key")]
    [InlineData("- do: listen", "- do: lisen", "unknown action")]
    [InlineData("connect: ok", "connect: EFAIL", "unknown connect result")]
    [InlineData("flags: SYN-ACK", "flags: PSH", "unknown segment class")]
    [InlineData("  - drop:", "  - lose:", "unknown fault")]
    [InlineData("port: 80", "port: 70000", "port out of range")]
    [InlineData("client: 10.0.0.1", "client: 10.0.0.300", "not an IPv4 address")]
    public void Schema_RejectsWhatTheLoaderRejects(string valid, string invalid, string what)
    {
        Assert.True(Validate(Probe.Base).IsValid, Problems(Validate(Probe.Base)));
        Assert.True(ScenarioLoader.Parse(Probe.Base, "probe.yaml").Success);
        string text = Probe.Replace(valid, invalid);
        Assert.False(ScenarioLoader.Parse(text, "probe.yaml").Success, what);
        Assert.False(Validate(text).IsValid, what);
    }

    public static TheoryData<string> MappingIds()
    {
        var data = new TheoryData<string>();
        foreach (MappingFormat m in ScenarioFormat.All) data.Add(m.Id);
        return data;
    }

    /// <summary>Every mapping kind of the schema has a probe site, so a new kind cannot go unchecked.</summary>
    [Fact]
    public void EverySchemaDefinition_HasAProbe()
    {
        string[] kinds = ["scenario", .. Schema["$defs"]!.AsObject().Select(d => d.Key)];
        Assert.Equal(kinds.Order(StringComparer.Ordinal), Probe.Sites.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(MappingIds))]
    public void KeysOfEachMapping_AreExactlyThoseTheLoaderAccepts(string id)
    {
        JsonObject definition = id == "scenario" ? Schema : Schema["$defs"]![id]!.AsObject();
        string message = Probe.SingleError(Probe.AddKey(id, "zz_probe: 1"));
        Assert.Contains("unknown key 'zz_probe'", message, StringComparison.Ordinal);
        string[] allowed = Probe.Allowed(message, "allowed: ");
        string[] fixedKeys = [.. allowed.Where(k => !k.StartsWith('<'))];
        Assert.Equal(fixedKeys.Order(StringComparer.Ordinal), definition["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(fixedKeys.Length < allowed.Length, definition.ContainsKey("patternProperties"));
        Assert.False(definition["additionalProperties"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("profile", "#@scenario", "profile: zz", "allowed: ", "/properties/profile/enum")]
    [InlineData("do", "- do: listen", "- do: zz", "allowed: ", "/$defs/step/properties/do/enum")]
    [InlineData("fault", "  - drop:", "  - zz:", "allowed: ", "/properties/faults/items/properties")]
    [InlineData("fault flags", "flags: SYN-ACK", "flags: ZZ", "allowed: ", "/$defs/drop/properties/flags/enum")]
    [InlineData("count flags", "      equals: 1", "      flags: ZZ\n      equals: 1", "allowed: ", "/$defs/count/properties/flags/enum")]
    [InlineData("connect", "connect: ok", "connect: zz", "allowed: ", "/$defs/expectation/properties/connect/enum")]
    [InlineData("final", "connect: ok", "final: ZZ", "states: ", "/$defs/expectation/properties/final/enum")]
    [InlineData("read", "connect: ok", "read: zz", "allowed: ", "/$defs/expectation/properties/read/enum")]
    [InlineData("states", "connect: ok", "states: [ZZ]", "states: ", "/$defs/expectation/properties/states/items/enum")]
    [InlineData("on", "        #@step", "        on: zz", "allowed: ", "/$defs/step/properties/on/anyOf/0/enum")]
    [InlineData("invariant", "invariant: all", "invariant: zz", "allowed: ", "/$defs/expectation/properties/invariant/enum")]
    [InlineData("chaos actions", "  #@chaos", "  actions: [zz]", "allowed: ", "/$defs/chaos/properties/actions/items/enum")]
    [InlineData("chaos flags", "  #@chaos", "  flags: [ZZ]", "allowed: ", "/$defs/chaos/properties/flags/items/enum")]
    public void EachEnumeration_IsExactlyWhatTheLoaderAccepts(string what, string site, string probe, string listMarker, string pointer)
    {
        string message = Probe.SingleError(Probe.Replace(site, probe));
        string[] allowed = Probe.Allowed(message, listMarker);
        JsonNode node = Pointer(pointer);
        string[] inSchema = node is JsonObject o ? [.. o.Select(p => p.Key)] : [.. node.AsArray().Select(v => v!.GetValue<string>())];
        if (what == "on")
        {
            // 'received <bytes>' is the pattern beside the enumeration.
            Assert.Contains("received <bytes>", allowed);
            allowed = [.. allowed.Where(a => a != "received <bytes>")];
            Assert.StartsWith("^received", Pointer("/$defs/step/properties/on/anyOf/1/pattern").GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Equal(allowed, inSchema);
    }

    private static JsonNode Pointer(string pointer)
    {
        JsonNode node = Schema;
        foreach (string part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            node = node is JsonArray a ? a[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
        return node;
    }

    private static EvaluationResults Validate(string yaml)
    {
        using JsonDocument doc = JsonDocument.Parse(YamlJson.Convert(yaml)!.ToJsonString());
        return Validator.Value.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static string Problems(EvaluationResults result) =>
        string.Join('\n', (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
}

/// <summary>
/// A valid scenario that has every kind of mapping, each marked by a comment <c>#@kind</c> where a key can go.
/// </summary>
internal static class Probe
{
    public const string Base =
        """
        name: probe
        hosts:
          client: 10.0.0.1
          server:
            address: 10.0.0.2
            #@host
        #@scenario
        links:
          - between: [client, server]
            delay: 1ms
            #@link
            client>server:
              loss: 0
              #@linkDirection
        faults:
          - drop:
              from: server
              flags: SYN-ACK
              nth: 1
              #@drop
          - delay:
              from: client
              by: 1s
              #@delay
          - duplicate:
              from: client
              after: 1s
              #@duplicate
        endpoints:
          server:
            host: server
            port: 80
            #@endpoint
            tcp:
              msl: 1s
              #@tcp
            steps:
              - do: listen
                #@step
          client:
            host: client
            steps:
              - do: connect
                to: server
        inject:
          - at: 0s
            #@injection
            segment:
              from: client:4000
              to: server:80
              flags: S
              seq: 1
              #@injectedSegment
        expect:
          - endpoint: client
            connect: ok
            #@expectation
          - count:
              from: client
              equals: 1
              #@count
          - stale_bytes:
              endpoint: server#1
              equals: 0
              #@staleBytes
          - invariant: all
        chaos:
          max_faults: 1
          #@chaos

        """;

    public static IEnumerable<string> Sites =>
        Base.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("#@", StringComparison.Ordinal)).Select(l => l[2..]);

    public static string AddKey(string site, string keyLine) => Replace("#@" + site + "\n", keyLine + "\n");

    public static string Replace(string what, string with)
    {
        int at = Base.IndexOf(what, StringComparison.Ordinal);
        Assert.True(at >= 0 && Base.IndexOf(what, at + 1, StringComparison.Ordinal) < 0, $"'{what}' must occur once in the probe");
        return Base[..at] + with + Base[(at + what.Length)..];
    }

    /// <summary>The loader's one error for <paramref name="text"/>.</summary>
    public static string SingleError(string text)
    {
        LoadResult result = ScenarioLoader.Parse(text, "probe.yaml");
        Assert.False(result.Success);
        return Assert.Single(result.Errors).ToString();
    }

    /// <summary>The comma-separated list after <paramref name="marker"/> in a loader message.</summary>
    public static string[] Allowed(string message, string marker)
    {
        int at = message.LastIndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no '{marker}' in: {message}");
        string list = message[(at + marker.Length)..];
        int paren = list.IndexOf(" (", StringComparison.Ordinal);
        if (paren >= 0) list = list[..paren];
        return list.Split(", ", StringSplitOptions.TrimEntries);
    }
}
