using System.Globalization;
using Simulator.Core.Chaos;
using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Time;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Simulator.Cli.Yaml;

/// <summary>
/// Writes a failing chaos schedule as a standalone scenario: the original file's document with a new name and
/// description, the schedule's faults appended to <c>faults:</c>, its link noise as per-direction link settings,
/// and the failed check as the expectation (for a failed expectation, the scenario's own expectations stay).
/// <c>tcpsim run</c> on the result fails the same way.
/// </summary>
internal static class ReproducerYaml
{
    public static string Write(string originalText, Scenario scenario, FaultSchedule schedule, Violation violation, string name, string description)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(originalText));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        Set(root, "name", Plain(name));
        Set(root, "description", new YamlScalarNode(description) { Style = ScalarStyle.DoubleQuoted });
        Set(root, "profile", Plain(scenario.Profile));                   // as run, also when --profile chose it

        if (schedule.Faults.Count > 0)
        {
            if (Get(root, "faults") is not YamlSequenceNode faults) Set(root, "faults", faults = []);
            foreach (FaultRule f in schedule.Faults) faults.Add(Fault(f));
        }
        Scenario applied = schedule.ApplyTo(scenario);
        foreach (LinkNoise noise in schedule.Noise) SetDirection(root, applied, noise);
        if (violation.Check != Invariants.Expectations)
        {
            Set(root, "expect", new YamlSequenceNode(new YamlMappingNode(Plain("invariant"), Plain(violation.Check))));
        }

        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        stream.Save(writer, assignAnchors: false);
        string text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlMappingNode Fault(FaultRule f)
    {
        var m = Flow();
        m.Add("from", Plain(f.From));
        if (f.To is not null) m.Add("to", Plain(f.To));
        m.Add("flags", Plain(f.Kind.ToScenarioName()));
        if (f.Nth is int nth) m.Add("nth", Plain(Int(nth)));
        else m.Add("count", Plain(f.Count is int c ? Int(c) : "all"));
        if (f.SentAfter is { } after) m.Add("sent_after", Plain(new SimDuration(after.Nanoseconds).ToString()));
        if (f.SentBefore is { } before) m.Add("sent_before", Plain(new SimDuration(before.Nanoseconds).ToString()));
        if (f.Action == FaultAction.Delay) m.Add("by", Plain(f.By.ToString()));
        if (f.Action == FaultAction.Duplicate) m.Add("after", Plain(f.By.ToString()));
        return new YamlMappingNode(Plain(f.Action.ToString().ToLowerInvariant()), m);
    }

    /// <summary>Sets the noisy direction's loss, duplicate and jitter to their values with the noise added.</summary>
    private static void SetDirection(YamlMappingNode root, Scenario applied, LinkNoise noise)
    {
        LinkSpec spec = applied.Links.First(l => (l.A == noise.From && l.B == noise.To) || (l.A == noise.To && l.B == noise.From));
        LinkDirectionSpec d = spec.A == noise.From ? spec.AToB : spec.BToA;
        var links = (YamlSequenceNode)Get(root, "links")!;
        YamlMappingNode link = links.Children.OfType<YamlMappingNode>().First(l =>
            Get(l, "between") is YamlSequenceNode between
            && between.Children.OfType<YamlScalarNode>().Select(s => s.Value).ToHashSet().SetEquals([noise.From, noise.To]));
        string key = $"{noise.From}>{noise.To}";
        if (Get(link, key) is not YamlMappingNode direction) Set(link, key, direction = Flow());
        if (noise.Loss > 0) Set(direction, "loss", Plain(d.Loss.ToString("0.######", CultureInfo.InvariantCulture)));
        if (noise.Duplicate > 0) Set(direction, "duplicate", Plain(d.Duplicate.ToString("0.######", CultureInfo.InvariantCulture)));
        if (noise.Jitter > SimDuration.Zero) Set(direction, "jitter", Plain(d.Jitter.ToString()));
    }

    private static YamlMappingNode Flow() => new() { Style = YamlDotNet.Core.Events.MappingStyle.Flow };

    private static YamlScalarNode Plain(string value) => new(value);

    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static YamlNode? Get(YamlMappingNode m, string key) =>
        m.Children.FirstOrDefault(e => e.Key is YamlScalarNode s && s.Value == key).Value;

    private static void Set(YamlMappingNode m, string key, YamlNode value)
    {
        YamlNode? existing = m.Children.Keys.FirstOrDefault(k => k is YamlScalarNode s && s.Value == key);
        if (existing is not null) m.Children[existing] = value;
        else m.Add(key, value);
    }
}
