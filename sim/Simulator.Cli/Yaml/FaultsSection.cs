using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Time;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Yaml;

/// <summary>
/// <c>faults:</c> — a list of single-key mappings <c>drop:</c>, <c>delay:</c>, <c>duplicate:</c>. In <c>drop</c> and
/// <c>delay</c>, <c>after</c>/<c>before</c> bound the send time; in <c>duplicate</c>, <c>after</c> (or <c>by</c>) is the
/// lag of the copy and is required. <c>sent_after</c>/<c>sent_before</c> bound the send time in all three.
/// A rule that can never match is an error.
/// </summary>
internal static class FaultsSection
{
    private static IEnumerable<string> Actions => ScenarioFormat.FaultKinds.Select(k => k.Id);

    public static List<FaultRule> Read(DocNode node, SimTime? until, ReadContext context) =>
        context.ReadList(node, "faults", " (- drop: { from: server, flags: SYN-ACK, nth: 1 })", item => ReadFault(item, until, context));

    private static FaultRule? ReadFault(DocNode item, SimTime? until, ReadContext context)
    {
        if (item is not DocMapping { Entries.Count: 1 } single)
        {
            ReportShape(item, context);
            return null;
        }
        DocEntry entry = single.Entries[0];
        string actionName = entry.Key.Value;
        FaultAction? action = actionName switch
        {
            "drop" => FaultAction.Drop,
            "delay" => FaultAction.Delay,
            "duplicate" => FaultAction.Duplicate,
            _ => null,
        };
        if (action is not FaultAction act)
        {
            context.Report(entry.Key, $"unknown fault '{actionName}'{DidYouMean.Hint(actionName, Actions)}; allowed: {string.Join(", ", Actions)}");
            return null;
        }
        IReadOnlyList<string> keys = ScenarioFormat.FaultKinds.First(k => k.Id == actionName).Names;
        int mark = context.ErrorMark;
        Fields? f = Fields.Open(entry.Value, $"'{actionName}' fault", keys, context);
        if (f is null) return null;
        if (act == FaultAction.Duplicate && f.KeyNode("before") is DocScalar before)
        {
            context.Report(before, "in a 'duplicate' fault, 'after' is the lag of the copy; bound the send time with 'sent_after' and 'sent_before'");
        }

        string? from = f.Require("from", "the sending host, like 'from: client'") && f.Scalar("from") is DocScalar fs
            ? References.Host(fs, "from", context) : null;
        string? to = f.Scalar("to") is DocScalar ts ? References.Host(ts, "to", context) : null;
        SegmentKind kind = ReadKind(f, context);
        (int? nth, int? count) = ReadWhich(f, context);
        SimTime? sentAfter = act == FaultAction.Duplicate ? f.Time("sent_after") : Either(f, "after", "sent_after", context);
        SimTime? sentBefore = act == FaultAction.Duplicate ? f.Time("sent_before") : Either(f, "before", "sent_before", context);
        SimDuration by = ReadBy(act, f, context);

        if (from is not null) CheckReachable(f, from, to, context);
        TextPosition afterAt = f.Where(act != FaultAction.Duplicate && f.Has("after") ? "after" : "sent_after");
        TextPosition beforeAt = f.Where(act != FaultAction.Duplicate && f.Has("before") ? "before" : "sent_before");
        CheckWindow(afterAt, beforeAt, sentAfter, sentBefore, until, context);
        if (!context.NoErrorsSince(mark) || from is null) return null;
        return new FaultRule
        {
            Action = act,
            From = from,
            To = to,
            Kind = kind,
            Nth = nth,
            Count = count,
            SentAfter = sentAfter,
            SentBefore = sentBefore,
            By = by,
            Where = context.Span(entry.Key),
        };
    }

    private static void ReportShape(DocNode item, ReadContext context)
    {
        if (item is DocMapping mapping && mapping.Entries.Count > 1)
        {
            DocEntry first = mapping.Entries[0];
            bool unindented = Actions.Contains(first.Key.Value) && first.Value is DocScalar { IsNull: true };
            string hint = unindented
                ? $"; indent the matchers under '{first.Key.Value}:', or write '- {first.Key.Value}: {{ from: ..., flags: ... }}'"
                : "";
            context.Report(item, $"a fault is one of 'drop:', 'delay:' or 'duplicate:' with its matchers under it, but this mapping has {mapping.Entries.Count} keys ({string.Join(", ", mapping.Entries.Select(e => e.Key.Value))}){hint}");
            return;
        }
        context.Report(item, $"a fault is a mapping with one key, 'drop:', 'delay:' or 'duplicate:', not {item.KindName}");
    }

    private static SegmentKind ReadKind(Fields f, ReadContext context)
    {
        if (f.Scalar("flags") is not DocScalar flags) return SegmentKind.Any;
        if (SegmentKinds.TryParse(flags.Value, out SegmentKind kind)) return kind;
        context.Report(flags, $"'flags': unknown segment class '{flags.Value}'{DidYouMean.Hint(flags.Value, SegmentKinds.ScenarioNames)}; allowed: {string.Join(", ", SegmentKinds.ScenarioNames)}");
        return SegmentKind.Any;
    }

    private static (int? Nth, int? Count) ReadWhich(Fields f, ReadContext context)
    {
        int? nth = (int?)f.Integer("nth", 1, int.MaxValue);
        int? count = null;
        if (f.Scalar("count") is DocScalar c && c.Value.Trim() != "all")
        {
            long? n = context.Parse(c, "count", ScalarValues.Integer(1, int.MaxValue));
            if (n is null) context.Report(c, "'count' is a number of matches (1 or more) or 'all'");
            count = (int?)n;
        }
        if (f.Has("nth") && f.Has("count"))
        {
            context.Report(f.Where("count"), "give 'nth' (act on one match) or 'count' (act on the first N, or all), not both");
        }
        return (nth, count);
    }

    private static SimTime? Either(Fields f, string key, string synonym, ReadContext context)
    {
        if (f.Has(key) && f.Has(synonym))
        {
            context.Report(f.Where(synonym), $"'{key}' and '{synonym}' mean the same here; give one of them");
        }
        return f.Time(key) ?? f.Time(synonym);
    }

    private static SimDuration ReadBy(FaultAction action, Fields f, ReadContext context)
    {
        switch (action)
        {
            case FaultAction.Delay:
                f.Require("by", "how long to hold the segment, like 'by: 30s'");
                return f.PositiveDuration("by") ?? SimDuration.Zero;
            case FaultAction.Duplicate:
                if (f.Has("after") && f.Has("by"))
                {
                    context.Report(f.Where("by"), "'after' and 'by' both give the lag of the copy; give one of them");
                }
                if (!f.HasOrMisspelt("after") && !f.HasOrMisspelt("by"))
                {
                    context.Report(f.Start, "'duplicate' fault is missing the lag of the copy: 'after: <duration>' (or 'by:'), like 'after: 3s'");
                }
                return f.PositiveDuration("after") ?? f.PositiveDuration("by") ?? SimDuration.Zero;
            default:
                return SimDuration.Zero;
        }
    }

    private static void CheckReachable(Fields f, string from, string? to, ReadContext context)
    {
        var symbols = context.Symbols;
        if (to is not null && to == from)
        {
            context.Report(f.Where("to"), $"'from' and 'to' are both '{from}'; this fault can never match");
        }
        else if (to is not null && !symbols.HasLink(from, to))
        {
            context.Report(f.Where("to"), $"there is no link between '{from}' and '{to}'; this fault can never match");
        }
        else if (to is null && !symbols.HasAnyLink(from))
        {
            context.Report(f.Where("from"), $"host '{from}' has no links; this fault can never match");
        }
    }

    private static void CheckWindow(TextPosition afterAt, TextPosition beforeAt, SimTime? after, SimTime? before, SimTime? until, ReadContext context)
    {
        if (after is SimTime a && before is SimTime b && a >= b)
        {
            context.Report(beforeAt, $"the send-time window [{a.ToDurationString()}, {b.ToDurationString()}) is empty; this fault can never match");
        }
        if (after is SimTime start && until is SimTime end && start > end)
        {
            context.Report(afterAt, $"the send-time window starts at {start.ToDurationString()}, after 'until' ({end.ToDurationString()}); this fault can never match");
        }
    }

    private static string ToDurationString(this SimTime t) => new SimDuration(t.Nanoseconds).ToString();
}
