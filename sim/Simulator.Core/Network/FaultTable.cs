using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Time;

namespace Simulator.Core.Network;

/// <summary>
/// The scenario's targeted faults. Rules are tried in order; a rule whose matcher fits a segment counts it, and if
/// that count is one the rule acts on (its <c>nth</c>, or within its <c>count</c>), the rule acts and the search
/// stops: first firing rule wins. A rule that matches but does not fire lets later rules try.
/// </summary>
public sealed class FaultTable
{
    private readonly FaultRule[] _rules;
    private readonly long[] _matches;

    public FaultTable(IReadOnlyList<FaultRule> rules)
    {
        _rules = [.. rules];
        _matches = new long[_rules.Length];
    }

    public int Count => _rules.Length;

    /// <summary>The index of the rule that acts on this segment, or -1.</summary>
    public int Select(string fromHost, string toHost, in Segment segment, SimTime sentAt)
    {
        for (int i = 0; i < _rules.Length; i++)
        {
            FaultRule r = _rules[i];
            if (r.From != fromHost) continue;
            if (r.To is not null && r.To != toHost) continue;
            if (!r.Kind.Matches(segment)) continue;
            if (r.SentAfter is SimTime after && sentAt < after) continue;
            if (r.SentBefore is SimTime before && sentAt >= before) continue;
            if (r.Fires(++_matches[i])) return i;
        }
        return -1;
    }

    public FaultRule this[int index] => _rules[index];
}
