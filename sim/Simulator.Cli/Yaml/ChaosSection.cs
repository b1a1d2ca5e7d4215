using Simulator.Core.Chaos;
using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Yaml;

/// <summary>
/// <c>chaos:</c> — bounds for <c>tcpsim chaos</c>'s random fault schedules: <c>max_faults</c>, <c>actions</c> (drop,
/// delay, duplicate), <c>flags</c> (segment classes the faults target), <c>max_nth</c>, <c>max_delay</c>, and the link
/// noise maxima <c>max_loss</c>, <c>max_duplicate</c>, <c>max_jitter</c>. Every key is optional.
/// </summary>
internal static class ChaosSection
{
    public static readonly IReadOnlyList<string> ActionNames = ["drop", "delay", "duplicate"];

    public static ChaosBounds? Read(DocNode node, ReadContext context)
    {
        int mark = context.ErrorMark;
        Fields? f = Fields.Open(node, "'chaos'", ScenarioFormat.Chaos.Names, context);
        if (f is null) return null;
        ChaosBounds d = ChaosBounds.Default;
        var bounds = new ChaosBounds
        {
            MaxFaults = (int)(f.Integer("max_faults", 0, 100) ?? d.MaxFaults),
            Actions = f.Sequence("actions") is DocSequence a ? List(a, "actions", ActionNames, ParseAction, context) : d.Actions,
            Kinds = f.Sequence("flags") is DocSequence k ? List(k, "flags", SegmentKinds.ScenarioNames, ParseKind, context) : d.Kinds,
            MaxNth = (int)(f.Integer("max_nth", 1, 1000) ?? d.MaxNth),
            MaxDelay = f.PositiveDuration("max_delay") ?? d.MaxDelay,
            MaxLoss = f.Value<double>("max_loss", ScalarValues.TryProbability) ?? d.MaxLoss,
            MaxDuplicate = f.Value<double>("max_duplicate", ScalarValues.TryProbability) ?? d.MaxDuplicate,
            MaxJitter = f.Duration("max_jitter") ?? d.MaxJitter,
        };
        return context.NoErrorsSince(mark) ? bounds : null;
    }

    private static T[] List<T>(DocSequence list, string key, IReadOnlyList<string> allowed, Func<string, T?> parse, ReadContext context)
        where T : struct
    {
        var values = new List<T>();
        foreach (DocNode item in list.Items)
        {
            if (context.Scalar(item, key) is not DocScalar s) continue;
            if (parse(s.Value.Trim()) is T value) values.Add(value);
            else context.Report(s, $"'{key}': unknown value '{s.Value}'{DidYouMean.Hint(s.Value, allowed)}; allowed: {string.Join(", ", allowed)}");
        }
        if (list.Items.Count == 0) context.Report(list, $"'{key}' must list at least one of: {string.Join(", ", allowed)}");
        return [.. values];
    }

    private static FaultAction? ParseAction(string text) => text switch
    {
        "drop" => FaultAction.Drop,
        "delay" => FaultAction.Delay,
        "duplicate" => FaultAction.Duplicate,
        _ => null,
    };

    private static SegmentKind? ParseKind(string text) => SegmentKinds.TryParse(text, out SegmentKind kind) ? kind : null;
}
