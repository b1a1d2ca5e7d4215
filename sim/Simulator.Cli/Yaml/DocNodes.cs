namespace Simulator.Cli.Yaml;

/// <summary>A 1-based line and column in the scenario text.</summary>
internal readonly record struct TextPosition(int Line, int Column)
{
    public TextPosition Offset(int columns) => this with { Column = Column + columns };
}

/// <summary>
/// A node of the parsed YAML document, with the position where it was written. Aliases resolve to the anchored
/// node itself, so a node may appear in several places of the tree.
/// </summary>
internal abstract class DocNode
{
    protected DocNode(TextPosition start) => Start = start;

    public TextPosition Start { get; }

    /// <summary>How many nodes this subtree stands for once every alias in it is expanded.</summary>
    public long ExpandedSize { get; internal set; } = 1;

    /// <summary>What the user would call this kind of value, for messages.</summary>
    public abstract string KindName { get; }
}

internal sealed class DocScalar : DocNode
{
    public DocScalar(TextPosition start, string value, bool isPlain, bool isSingleLine) : base(start)
    {
        Value = value;
        IsPlain = isPlain;
        IsSingleLine = isSingleLine;
    }

    public string Value { get; }
    public bool IsPlain { get; }
    public bool IsSingleLine { get; }

    /// <summary>An empty value or a YAML null (<c>~</c>, <c>null</c>) written without quotes.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string KindName => IsNull ? "an empty value" : "a single value";

    /// <summary>Where character <paramref name="index"/> of the value was written, when that is knowable.</summary>
    public TextPosition PositionOf(int index) =>
        !IsSingleLine ? Start : Start.Offset(IsPlain ? index : index + 1);
}

internal sealed class DocMapping : DocNode
{
    public DocMapping(TextPosition start) : base(start) { }

    public List<DocEntry> Entries { get; } = [];

    public override string KindName => "a mapping (key: value)";
}

internal readonly record struct DocEntry(DocScalar Key, DocNode Value);

internal sealed class DocSequence : DocNode
{
    public DocSequence(TextPosition start) : base(start) { }

    public List<DocNode> Items { get; } = [];

    public override string KindName => "a list";
}
