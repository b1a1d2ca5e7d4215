using System.Text;
using Simulator.Core.Chaos;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Yaml;

/// <summary>
/// Reads a scenario file (the format of <c>scenario-format.md</c>) into a validated <see cref="Scenario"/>, or
/// reports every problem found as <c>file:line:col: message</c>.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Reads and validates the file at <paramref name="path"/>; messages name the path as given.</summary>
    public static LoadResult Load(string path, DocumentLimits? limits = null)
    {
        limits ??= DocumentLimits.Default;
        var diagnostics = new Diagnostics(path);
        string? text = ReadFile(path, limits, diagnostics);
        return text is null ? LoadResult.Failed(diagnostics.Sorted()) : ParseText(text, diagnostics, limits);
    }

    /// <summary>
    /// Reads the file's YAML document once, without validating it, for <see cref="ScenarioTemplate"/>; null with
    /// <paramref name="errors"/> when the file cannot be read or is not YAML.
    /// </summary>
    internal static DocNode? ReadDocument(string path, out IReadOnlyList<ScenarioError> errors)
    {
        var limits = DocumentLimits.Default;
        var diagnostics = new Diagnostics(path);
        errors = [];
        try
        {
            string? text = ReadFile(path, limits, diagnostics);
            DocNode? root = text is null ? null : ReadRoot(text, diagnostics, limits);
            errors = diagnostics.Sorted();
            return diagnostics.HasErrors ? null : root;
        }
        catch (TooManyErrorsException)
        {
            errors = diagnostics.Sorted();
            return null;
        }
    }

    /// <summary>Validates a document read by <see cref="ReadDocument"/> (possibly with values replaced).</summary>
    internal static LoadResult FromDocument(DocNode root, string file)
    {
        var diagnostics = new Diagnostics(file);
        try
        {
            return FromRoot(root, diagnostics);
        }
        catch (TooManyErrorsException)
        {
            return LoadResult.Failed(diagnostics.Sorted());
        }
    }

    private static string? ReadFile(string path, DocumentLimits limits, Diagnostics diagnostics)
    {
        var start = new TextPosition(1, 1);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                diagnostics.Report(start, "this is a folder, not a scenario file");
                return null;
            }
            if (!info.Exists)
            {
                diagnostics.Report(start, "no such file");
                return null;
            }
            if (info.Length > limits.MaxBytes)
            {
                diagnostics.Report(start, InputDecoder.TooLarge(info.Length, limits));
                return null;
            }
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(start, $"cannot read the file: {e.Message}");
            return null;
        }
        return InputDecoder.Decode(bytes, limits, diagnostics);
    }

    /// <summary>Validates scenario text; <paramref name="fileNameForMessages"/> is the file name errors show.</summary>
    public static LoadResult Parse(string text, string fileNameForMessages, DocumentLimits? limits = null)
    {
        limits ??= DocumentLimits.Default;
        var diagnostics = new Diagnostics(fileNameForMessages);
        int byteCount = Encoding.UTF8.GetByteCount(text);
        if (byteCount > limits.MaxBytes)
        {
            diagnostics.Report(new TextPosition(1, 1), InputDecoder.TooLarge(byteCount, limits));
            return LoadResult.Failed(diagnostics.Sorted());
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            diagnostics.Report(new TextPosition(1, 1), "the text looks binary (it contains a NUL character); a scenario is UTF-8 YAML text");
            return LoadResult.Failed(diagnostics.Sorted());
        }
        return ParseText(text.StartsWith('\uFEFF') ? text[1..] : text, diagnostics, limits);
    }

    private static LoadResult ParseText(string text, Diagnostics diagnostics, DocumentLimits limits)
    {
        try
        {
            return ParseDocument(text, diagnostics, limits);
        }
        catch (TooManyErrorsException)
        {
            return LoadResult.Failed(diagnostics.Sorted());
        }
    }

    private static LoadResult ParseDocument(string text, Diagnostics diagnostics, DocumentLimits limits)
    {
        DocNode? root = ReadRoot(text, diagnostics, limits);
        return root is null ? LoadResult.Failed(diagnostics.Sorted()) : FromRoot(root, diagnostics);
    }

    /// <summary>The document's root node; null (reported) when the text is not YAML or is empty.</summary>
    private static DocNode? ReadRoot(string text, Diagnostics diagnostics, DocumentLimits limits)
    {
        DocNode? root = DocumentReader.Read(text, limits, diagnostics);
        if (diagnostics.HasErrors) return null;
        if (root is null or DocScalar { IsNull: true })
        {
            diagnostics.Report(new TextPosition(1, 1), "the file is empty; a scenario needs at least 'name', 'hosts' and 'endpoints'");
            return null;
        }
        return root;
    }

    private static LoadResult FromRoot(DocNode root, Diagnostics diagnostics)
    {
        var context = new ReadContext(diagnostics);
        Scenario? scenario = ReadScenario(root, context);
        return scenario is not null && !diagnostics.HasErrors ? LoadResult.Ok(scenario) : LoadResult.Failed(diagnostics.Sorted());
    }

    private static Scenario? ReadScenario(DocNode root, ReadContext context)
    {
        if (root is not DocMapping)
        {
            context.Report(root, $"the top level of a scenario must be a mapping (name: ..., hosts: ..., endpoints: ...), not {root.KindName}");
            return null;
        }
        Fields f = Fields.Open(root, "scenario", ScenarioFormat.Scenario.Names, context)!;
        string? name = ReadName(f, context);
        string? description = f.Scalar("description")?.Value;
        ulong seed = f.Value<ulong>("seed", ScalarValues.TrySeed) ?? 1;
        string profile = ReadProfile(f, context);
        SimTime? until = f.Has("until") && f.PositiveDuration("until") is SimDuration u ? new SimTime(u.Nanoseconds) : null;

        f.Require("hosts", "host name -> IPv4 address, like 'hosts: { client: 10.0.0.1, server: 10.0.0.2 }'");
        var hosts = f.Node("hosts") is DocNode h ? HostsSection.Read(h, context) : [];
        var links = f.Node("links") is DocNode l ? LinksSection.Read(l, context) : [];
        var faults = f.Node("faults") is DocNode fa ? FaultsSection.Read(fa, until, context) : [];
        if (!f.Has("endpoints") && !f.Has("inject"))
        {
            context.Report(f.Start, "scenario is missing 'endpoints' (the sockets and what they do); without them only 'inject' can make anything happen");
        }
        var endpoints = f.Node("endpoints") is DocNode e ? EndpointsSection.Read(e, context) : [];
        var injections = f.Node("inject") is DocNode i ? InjectSection.Read(i, context) : [];
        var expectations = f.Node("expect") is DocNode x ? ExpectSection.Read(x, context) : [];
        ChaosBounds? chaos = f.Node("chaos") is DocNode c ? ChaosSection.Read(c, context) : null;

        if (name is null || context.Diagnostics.HasErrors) return null;
        return new Scenario
        {
            Name = name,
            Description = description,
            Seed = seed,
            Profile = profile,
            Until = until,
            Hosts = hosts,
            Links = links,
            Faults = faults,
            Endpoints = endpoints,
            Injections = injections,
            Expectations = expectations,
            Chaos = chaos,
            SourceFile = context.Diagnostics.File,
        };
    }

    private static string? ReadName(Fields f, ReadContext context)
    {
        if (!f.Require("name", "a short name like 'lost-synack'; it is also the output folder name")) return null;
        if (f.Scalar("name") is not DocScalar scalar) return null;
        string name = scalar.Value;
        if (Names.CheckScenarioName(name) is string problem)
        {
            context.Report(scalar, problem);
            return null;
        }
        return name;
    }

    private static string ReadProfile(Fields f, ReadContext context)
    {
        if (f.Scalar("profile") is not DocScalar scalar) return TcpProfiles.Linux;
        string value = scalar.Value.Trim();
        if (TcpProfiles.Names.Contains(value)) return value;
        context.Report(scalar, $"unknown profile '{value}'{DidYouMean.Hint(value, TcpProfiles.Names)}; allowed: {string.Join(", ", TcpProfiles.Names)}");
        return TcpProfiles.Linux;
    }
}
