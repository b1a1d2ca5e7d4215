using System.Globalization;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Explain;

/// <summary>
/// Two runs of the same faults, the real protocol (<c>a</c>) and a variant (<c>b</c>): which variant each runs, how
/// each endpoint's states differ, what only one of them suffered (errors, connections nobody opened, stale data),
/// the facts of each run the other does not have, and a verdict. Reads the two traces only.
/// </summary>
public static class PairExplainer
{
    public static Explanation Compare(Trace a, Trace b)
    {
        var lines = new List<ExplainLine>();
        void Add(string id, params (string Name, string Value)[] args) =>
            lines.Add(new ExplainLine(null, id, [.. args.Select(x => new ExplainArg(x.Name, x.Value, x.Name.StartsWith("states", StringComparison.Ordinal) ? ArgKind.States : ArgKind.Text))]));
        var names = (A: ("a", a.Scenario), B: ("b", b.Scenario));

        Add("pair.header", names.A, names.B);
        if (b.OfType<StateChanged>().Any(c => c.Cause.Contains("handshake two-way", StringComparison.Ordinal))) Add("pair.variant.twoway", names.B);
        if (b.OfType<StateChanged>().Any(c => c.Cause.Contains("time_wait 0s", StringComparison.Ordinal))) Add("pair.variant.notimewait", names.B);

        var statesA = States(a);
        var statesB = States(b);
        foreach (string ep in statesA.Keys.Concat(statesB.Keys).Distinct())
        {
            bool inA = statesA.TryGetValue(ep, out string? sa), inB = statesB.TryGetValue(ep, out string? sb);
            if (inA && inB && sa == sb) Add("pair.states.same", ("endpoint", ep), ("states", sa!));
            else if (inA && inB) Add("pair.states.differ", ("endpoint", ep), names.A, names.B, ("states_a", sa!), ("states_b", sb!));
            else Add("pair.only", ("endpoint", ep), ("run", inA ? a.Scenario : b.Scenario), ("states", (inA ? sa : sb)!));
        }
        Add("pair.segments", names.A, names.B, ("na", N(a.OfType<SegmentSent>().Count())), ("nb", N(b.OfType<SegmentSent>().Count())),
            ("ra", N(Resets(a))), ("rb", N(Resets(b))));

        bool broken = false;
        // A connection the variant handed to an application, where the real protocol kept the same one from it.
        foreach (string ep in Accepted(b).Except(Accepted(a)).Where(statesA.ContainsKey))
        {
            Add("pair.accepted", ("endpoint", ep), names.A, names.B);
            broken = true;
        }
        var errorsA = Errors(a);
        var errorsB = Errors(b);
        foreach (var (ep, error) in errorsA.Except(errorsB)) Add("pair.error", ("run", a.Scenario), ("endpoint", ep), ("error", error));
        foreach (var (ep, error) in errorsB.Except(errorsA))
        {
            Add("pair.error", ("run", b.Scenario), ("endpoint", ep), ("error", error));
            broken = true;
        }
        foreach (var (run, trace) in new[] { (a.Scenario, a), (b.Scenario, b) })
        {
            foreach (var g in trace.OfType<StaleDataDelivered>().GroupBy(s => s.Endpoint))
            {
                Add("pair.stale", ("run", run), ("endpoint", g.Key), ("bytes", N(g.Sum(s => s.Bytes))));
                broken |= trace == b;
            }
        }

        // The facts of each run whose kind never occurs in the other: what happened only there, and why.
        Explanation ea = TraceExplainer.Explain(a), eb = TraceExplainer.Explain(b);
        foreach (var (run, mine, other) in new[] { (a.Scenario, ea, eb), (b.Scenario, eb, ea) })
        {
            var otherIds = other.Lines.Select(l => l.MessageId).ToHashSet();
            // Fate lines (lost, delayed) only make sense under their segment, which the other run may share.
            var only = mine.Lines.Where(l => l.Time is not null && !otherIds.Contains(l.MessageId)
                && !l.MessageId.StartsWith("fate.", StringComparison.Ordinal)).ToList();
            if (only.Count == 0) continue;
            Add("pair.only.facts", ("run", run));
            lines.AddRange(only);
        }
        Add(broken ? "pair.verdict.broken" : "pair.verdict.same", names.A, names.B);
        return new Explanation(lines);
    }

    /// <summary>Each endpoint's states in order, RFC spelling, space-separated.</summary>
    private static Dictionary<string, string> States(Trace t) =>
        t.OfType<StateChanged>().GroupBy(c => c.Endpoint)
            .ToDictionary(g => g.Key, g => string.Join(' ', g.Select(c => c.To.ToRfcName())));

    private static IEnumerable<string> Accepted(Trace t) =>
        t.OfType<AppResult>().Where(r => r.Event == "accepted").Select(r => r.Endpoint).Distinct();

    /// <summary>(endpoint, errno) for every failure an application saw.</summary>
    private static HashSet<(string, string)> Errors(Trace t) =>
        t.OfType<AppResult>().Where(r => r.Event is "connect" or "failed" && r.Result != "ok").Select(r => (r.Endpoint, r.Result)).ToHashSet();

    private static int Resets(Trace t) => t.OfType<SegmentSent>().Count(s => s.Segment.Is(TcpFlags.Rst));

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
