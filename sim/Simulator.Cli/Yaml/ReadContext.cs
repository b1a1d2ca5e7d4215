using Simulator.Core.Scenarios;

namespace Simulator.Cli.Yaml;

/// <summary>Shared state while reading one scenario file: where errors go, and the names defined so far.</summary>
internal sealed class ReadContext
{
    public ReadContext(Diagnostics diagnostics) => Diagnostics = diagnostics;

    public Diagnostics Diagnostics { get; }

    public ScenarioSymbols Symbols { get; } = new();

    public void Report(DocNode node, string message) => Diagnostics.Report(node, message);

    /// <summary>
    /// A top-level list section: each item read by <paramref name="readOne"/> (null: it reported its errors).
    /// Anything but a list is reported as "'<paramref name="section"/>' must be a list<paramref name="shape"/>".
    /// </summary>
    public List<T> ReadList<T>(DocNode node, string section, string shape, Func<DocNode, T?> readOne) where T : class
    {
        List<T> items = [];
        if (node is not DocSequence sequence)
        {
            Report(node, $"'{section}' must be a list{shape}, not {node.KindName}");
            return items;
        }
        foreach (DocNode item in sequence.Items)
        {
            if (readOne(item) is T value) items.Add(value);
        }
        return items;
    }

    public void Report(TextPosition at, string message) => Diagnostics.Report(at, message);

    public SourceSpan Span(DocNode node) => Span(node.Start);

    public SourceSpan Span(TextPosition at) => new(Diagnostics.File, at.Line, at.Column);

    /// <summary>The node as a non-empty single value; reports lists, mappings and empty values.</summary>
    public DocScalar? Scalar(DocNode node, string key)
    {
        if (node is DocScalar { IsNull: false } scalar) return scalar;
        Report(node, node is DocScalar ? $"'{key}' needs a value" : $"'{key}' must be a single value, not {node.KindName}");
        return null;
    }

    public T? Parse<T>(DocScalar scalar, string key, ScalarParser<T> parser) where T : struct
    {
        if (parser(scalar.Value, out T value, out string error)) return value;
        Report(scalar, $"'{key}': {error}");
        return null;
    }

    /// <summary>A mark to compare with <see cref="NoErrorsSince"/>: did reading one element report anything?</summary>
    public int ErrorMark => Diagnostics.Count;

    public bool NoErrorsSince(int mark) => Diagnostics.Count == mark;
}
