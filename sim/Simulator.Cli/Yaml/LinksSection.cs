using Simulator.Core.Scenarios;
using Simulator.Core.Time;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Yaml;

/// <summary>
/// <c>links:</c> — bidirectional links. <c>delay</c> is required (write <c>0s</c> for none); <c>jitter</c>, <c>loss</c>
/// and <c>duplicate</c> default to 0 and <c>bandwidth</c> to unlimited. A <c>"from&gt;to"</c> key overrides any of
/// them for one direction.
/// </summary>
internal static class LinksSection
{
    public const string DirectionKeyDisplay = "<from>><to>";

    public static List<LinkSpec> Read(DocNode node, ReadContext context)
    {
        List<LinkSpec> links = [];
        if (node is not DocSequence sequence)
        {
            context.Report(node, $"'links' must be a list of links (- between: [a, b] ...), not {node.KindName}");
            context.Symbols.LinksComplete = false;
            return links;
        }
        int mark = context.ErrorMark;
        Dictionary<(string, string), DocNode> seen = [];
        foreach (DocNode item in sequence.Items)
        {
            if (ReadLink(item, context) is not LinkSpec link) continue;
            var pair = string.CompareOrdinal(link.A, link.B) < 0 ? (link.A, link.B) : (link.B, link.A);
            if (seen.TryGetValue(pair, out DocNode? first))
            {
                context.Report(item, $"there is already a link between '{link.A}' and '{link.B}' (line {first.Start.Line}, column {first.Start.Column}); give each pair of hosts one link and use '{link.A}>{link.B}' overrides for per-direction settings");
                continue;
            }
            seen.Add(pair, item);
            links.Add(link);
        }
        context.Symbols.LinksComplete = context.NoErrorsSince(mark);
        return links;
    }

    private static LinkSpec? ReadLink(DocNode item, ReadContext context)
    {
        int mark = context.ErrorMark;
        Fields? fields = Fields.Open(item, "link", ScenarioFormat.Link.Names, context, key => key.Contains('>', StringComparison.Ordinal), DirectionKeyDisplay);
        if (fields is null) return null;
        (string A, string B)? hosts = ReadBetween(fields, context);
        if (hosts is (string a, string b)) context.Symbols.AddLink(a, b);
        fields.Require("delay", "the one-way propagation delay, like 'delay: 15us'; write 0s for none");
        DirectionSettings both = DirectionSettings.Read(fields);

        DirectionSettings aToB = both, bToA = both;
        foreach (DocEntry entry in fields.Extra)
        {
            (string From, string To)? direction = ReadDirectionKey(entry.Key, hosts, context);
            Fields? overrides = Fields.Open(entry.Value, $"link direction '{entry.Key.Value}'", ScenarioFormat.LinkDirection.Names, context);
            if (overrides is null) continue;
            DirectionSettings settings = DirectionSettings.Read(overrides).Over(both);
            if (direction is null || hosts is null) continue;
            if (direction.Value.From == hosts.Value.A) aToB = settings;
            else bToA = settings;
        }
        if (hosts is null || !context.NoErrorsSince(mark)) return null;
        return new LinkSpec(hosts.Value.A, hosts.Value.B, aToB.ToSpec(), bToA.ToSpec());
    }

    private static (string A, string B)? ReadBetween(Fields fields, ReadContext context)
    {
        if (!fields.Require("between", "the two hosts it connects, like 'between: [client, server]'")) return null;
        DocNode node = fields.Node("between")!;
        if (node is not DocSequence { Items.Count: 2 } pair)
        {
            context.Report(node, "'between' must list exactly two hosts, like [client, server]");
            return null;
        }
        string? a = context.Scalar(pair.Items[0], "between") is DocScalar sa ? References.Host(sa, "between", context) : null;
        string? b = context.Scalar(pair.Items[1], "between") is DocScalar sb ? References.Host(sb, "between", context) : null;
        if (a is null || b is null) return null;
        if (a == b)
        {
            context.Report(node, $"'between' must name two different hosts, not '{a}' twice");
            return null;
        }
        return (a, b);
    }

    /// <summary><c>from&gt;to</c>: both the link's hosts, in either order.</summary>
    private static (string From, string To)? ReadDirectionKey(DocScalar key, (string A, string B)? hosts, ReadContext context)
    {
        string[] parts = key.Value.Split('>');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            context.Report(key, $"'{key.Value}' is not a direction; write '<from>><to>', like 'client>server'");
            return null;
        }
        string from = parts[0].Trim(), to = parts[1].Trim();
        if (hosts is not (string a, string b)) return null;
        string[] linkHosts = [a, b];
        bool ok = true;
        foreach (var (name, offset) in new[] { (from, 0), (to, parts[0].Length + 1) })
        {
            if (linkHosts.Contains(name)) continue;
            context.Report(key.PositionOf(offset),
                $"direction '{key.Value}' names '{name}', which is not a host of this link{DidYouMean.Hint(name, linkHosts)}; use '{a}>{b}' or '{b}>{a}'");
            ok = false;
        }
        if (ok && from == to)
        {
            context.Report(key, $"direction '{key.Value}' must go from one host of the link to the other: '{a}>{b}' or '{b}>{a}'");
            ok = false;
        }
        return ok ? (from, to) : null;
    }

    /// <summary>The settings of one direction as written; null fields fall back to the link's, then to defaults.</summary>
    private sealed record DirectionSettings(SimDuration? Delay, SimDuration? Jitter, double? Loss, double? Duplicate, long? Bandwidth)
    {
        public static DirectionSettings Read(Fields f) => new(
            f.Duration("delay"),
            f.Duration("jitter"),
            f.Value<double>("loss", ScalarValues.TryProbability),
            f.Value<double>("duplicate", ScalarValues.TryProbability),
            f.Value<long>("bandwidth", ScalarValues.TryBandwidth));

        public DirectionSettings Over(DirectionSettings link) => new(
            Delay ?? link.Delay, Jitter ?? link.Jitter, Loss ?? link.Loss, Duplicate ?? link.Duplicate, Bandwidth ?? link.Bandwidth);

        public LinkDirectionSpec ToSpec() => new(
            Delay ?? SimDuration.Zero, Jitter ?? SimDuration.Zero, Loss ?? 0, Duplicate ?? 0, Bandwidth);
    }
}
