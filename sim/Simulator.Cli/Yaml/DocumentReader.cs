using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Simulator.Cli.Yaml;

/// <summary>
/// Reads YAML text into <see cref="DocNode"/>s with their positions, using YamlDotNet's event parser. Rejects
/// duplicate keys, more than one document, excessive nesting and alias expansion beyond
/// <see cref="DocumentLimits.MaxExpandedNodes"/>; supports anchors, aliases and <c>&lt;&lt;</c> merge keys.
/// </summary>
internal sealed class DocumentReader
{
    private const string MergeKey = "<<";

    private readonly DocumentLimits _limits;
    private readonly Diagnostics _diagnostics;
    private readonly Dictionary<string, DocNode> _anchors = new(StringComparer.Ordinal);
    private readonly HashSet<DocNode> _open = [];
    private readonly Stack<Frame> _stack = new();
    private long _expanded;
    private bool _aliasesSeen;
    private DocNode? _root;
    private int _documents;

    private DocumentReader(DocumentLimits limits, Diagnostics diagnostics)
    {
        _limits = limits;
        _diagnostics = diagnostics;
    }

    /// <summary>The root node, or null when the text is empty or could not be read (errors are reported).</summary>
    public static DocNode? Read(string text, DocumentLimits limits, Diagnostics diagnostics) =>
        new DocumentReader(limits, diagnostics).Run(text);

    private DocNode? Run(string text)
    {
        var parser = new Parser(new StringReader(text));
        var last = new TextPosition(1, 1);
        try
        {
            while (parser.MoveNext())
            {
                ParsingEvent e = parser.Current!;
                last = new TextPosition((int)e.End.Line, (int)e.End.Column);
                if (!Handle(e)) return null;
            }
        }
        catch (YamlException ex)
        {
            _diagnostics.Report(new TextPosition((int)ex.Start.Line, (int)ex.Start.Column), SyntaxMessage(ex.Message));
            return null;
        }
        catch (InvalidOperationException)
        {
            _diagnostics.Report(last, "YAML syntax error after this point (an unclosed '[' or '{'?)");
            return null;
        }
        return _root;
    }

    private static string SyntaxMessage(string message)
    {
        string m = message.Trim().TrimEnd('.');
        if (m.Length > 0) m = char.ToLowerInvariant(m[0]) + m[1..];
        return "YAML syntax error: " + m;
    }

    private bool Handle(ParsingEvent e)
    {
        switch (e)
        {
            case DocumentStart start when !start.IsImplicit || _documents > 0:
                if (++_documents > 1)
                {
                    _diagnostics.Report(Pos(e.Start), "a scenario file holds one YAML document; remove the second '---' and what follows");
                    return false;
                }
                return true;
            case DocumentStart:
                _documents++;
                return true;
            case Scalar s:
                var scalar = new DocScalar(Pos(s.Start), s.Value, s.Style == ScalarStyle.Plain,
                    s.Start.Line == s.End.Line && s.Style is not (ScalarStyle.Literal or ScalarStyle.Folded));
                Register(s.Anchor, scalar);
                return Count(1) && Attach(scalar);
            case MappingStart m:
                return Open(m.Anchor, new DocMapping(Pos(m.Start)));
            case SequenceStart q:
                return Open(q.Anchor, new DocSequence(Pos(q.Start)));
            case MappingEnd or SequenceEnd:
                return Close();
            case AnchorAlias alias:
                return Alias(alias);
            default:
                return true;
        }
    }

    private bool Open(AnchorName anchor, DocNode node)
    {
        if (_stack.Count >= _limits.MaxDepth)
        {
            _diagnostics.Report(node, string.Create(CultureInfo.InvariantCulture,
                $"nesting is too deep (more than {_limits.MaxDepth} levels of lists and mappings)"));
            return false;
        }
        Register(anchor, node);
        if (!Count(1)) return false;
        _open.Add(node);
        _stack.Push(new Frame(node));
        return true;
    }

    private bool Close()
    {
        Frame frame = _stack.Pop();
        _open.Remove(frame.Node);
        if (frame.Node is DocMapping mapping) ApplyMerges(frame, mapping);
        frame.Node.ExpandedSize = 1 + frame.ChildrenSize;
        return Attach(frame.Node);
    }

    private bool Alias(AnchorAlias alias)
    {
        var at = Pos(alias.Start);
        if (!_anchors.TryGetValue(alias.Value.Value, out DocNode? target))
        {
            _diagnostics.Report(at, $"unknown alias '*{alias.Value.Value}' (no '&{alias.Value.Value}' anchor before it)");
            return Attach(new DocScalar(at, "", isPlain: true, isSingleLine: true));
        }
        if (_open.Contains(target))
        {
            _diagnostics.Report(at, $"alias '*{alias.Value.Value}' refers to a node that contains it");
            return false;
        }
        _aliasesSeen = true;
        return Count(target.ExpandedSize) && Attach(target);
    }

    private void Register(AnchorName anchor, DocNode node)
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
    }

    private bool Count(long nodes)
    {
        _expanded += nodes;
        if (_expanded <= _limits.MaxExpandedNodes) return true;
        var at = _stack.Count > 0 ? _stack.Peek().Node.Start : new TextPosition(1, 1);
        string message = _aliasesSeen
            ? $"the document expands to more than {_limits.MaxExpandedNodes} nodes once its aliases are expanded"
            : $"the document has more than {_limits.MaxExpandedNodes} nodes";
        _diagnostics.Report(at, string.Create(CultureInfo.InvariantCulture, $"{message}; a scenario is far smaller"));
        return false;
    }

    private bool Attach(DocNode node)
    {
        if (_stack.Count == 0)
        {
            _root = node;
            return true;
        }
        Frame parent = _stack.Peek();
        parent.ChildrenSize += node.ExpandedSize;
        switch (parent.Node)
        {
            case DocSequence sequence:
                sequence.Items.Add(node);
                break;
            case DocMapping when parent.PendingKey is null:
                parent.PendingKey = node as DocScalar ?? Placeholder(node);
                break;
            case DocMapping mapping:
                AddEntry(parent, mapping, parent.PendingKey, node);
                parent.PendingKey = null;
                break;
        }
        return true;
    }

    private DocScalar Placeholder(DocNode key)
    {
        _diagnostics.Report(key, $"a mapping key must be a single value, not {key.KindName}");
        return new DocScalar(key.Start, "", isPlain: false, isSingleLine: true);
    }

    private void AddEntry(Frame frame, DocMapping mapping, DocScalar key, DocNode value)
    {
        if (key.Value == MergeKey && key.IsPlain)
        {
            frame.Merges.Add(new DocEntry(key, value));
            return;
        }
        if (frame.Keys.TryGetValue(key.Value, out DocScalar? first))
        {
            _diagnostics.Report(key, string.Create(CultureInfo.InvariantCulture,
                $"duplicate key '{key.Value}' (first defined at line {first.Start.Line}, column {first.Start.Column})"));
            return;
        }
        frame.Keys.Add(key.Value, key);
        mapping.Entries.Add(new DocEntry(key, value));
    }

    /// <summary>YAML merge keys: entries of the merged mappings that the mapping does not define itself.</summary>
    private void ApplyMerges(Frame frame, DocMapping mapping)
    {
        foreach (DocEntry merge in frame.Merges)
        {
            IEnumerable<DocNode> sources = merge.Value is DocSequence list ? list.Items : [merge.Value];
            foreach (DocNode source in sources)
            {
                if (source is not DocMapping from)
                {
                    _diagnostics.Report(source, $"'<<' merges mappings, but this is {source.KindName}");
                    continue;
                }
                foreach (DocEntry entry in from.Entries)
                {
                    if (frame.Keys.TryAdd(entry.Key.Value, entry.Key)) mapping.Entries.Add(entry);
                }
            }
        }
    }

    private static TextPosition Pos(Mark mark) => new((int)mark.Line, (int)mark.Column);

    private sealed class Frame(DocNode node)
    {
        public DocNode Node { get; } = node;
        public DocScalar? PendingKey { get; set; }
        public long ChildrenSize { get; set; }
        public Dictionary<string, DocScalar> Keys { get; } = new(StringComparer.Ordinal);
        public List<DocEntry> Merges { get; } = [];
    }
}
