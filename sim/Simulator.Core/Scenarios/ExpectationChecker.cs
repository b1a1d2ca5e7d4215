using System.Globalization;
using Simulator.Core.Chaos;
using Simulator.Core.Export;
using Simulator.Core.Network;
using Simulator.Core.Scheduling;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Scenarios;

/// <summary>The verdict on one expectation, with a one-line account of what was expected and what happened.</summary>
public sealed record ExpectationResult(Expectation Expectation, bool Passed, string Text);

/// <summary>Checks a scenario's expectations against a trace (and nothing else).</summary>
public static class ExpectationChecker
{
    /// <summary>Default tolerance of <c>connect: … at:</c> when <c>within:</c> is absent.</summary>
    public static readonly SimDuration DefaultWithin = SimDuration.FromMilliseconds(1);

    public static IReadOnlyList<ExpectationResult> Check(IReadOnlyList<Expectation> expectations, Trace trace) =>
        expectations.Select(e => Check(e, trace)).ToArray();

    public static ExpectationResult Check(Expectation e, Trace trace) => e switch
    {
        StatesExpectation s => CheckStates(s, trace),
        ConnectExpectation c => CheckConnect(c, trace),
        FinalStateExpectation f => CheckFinal(f, trace),
        CallResultExpectation r => CheckCallResult(r, trace),
        SegmentsExpectation w => CheckSegments(w, trace),
        CountExpectation c => CheckCount(c, trace),
        StaleBytesExpectation s => CheckStale(s, trace),
        InvariantExpectation i => CheckInvariant(i, trace),
        _ => new ExpectationResult(e, false, $"unknown expectation {e.GetType().Name}"),
    };

    private static ExpectationResult CheckStates(StatesExpectation e, Trace trace)
    {
        var actual = trace.OfType<StateChanged>().Where(c => c.Endpoint == e.Endpoint).Select(c => c.To).ToArray();
        string expected = Join(e.States);
        bool ok = actual.SequenceEqual(e.States);
        return new ExpectationResult(e, ok, ok
            ? $"{e.Endpoint} states {expected}"
            : $"{e.Endpoint} states: expected {expected}, got {Join(actual)}");
    }

    private static ExpectationResult CheckConnect(ConnectExpectation e, Trace trace)
    {
        // With a time, the connect whose result came nearest to it (an endpoint may connect more than once).
        var connects = trace.OfType<AppResult>().Where(a => a.Endpoint == e.Endpoint && a.Event == "connect");
        AppResult? r = e.At is SimTime near
            ? connects.MinBy(a => Math.Abs((a.Time - near).Nanoseconds))
            : connects.FirstOrDefault();
        string want = e.At is SimTime at ? $"{e.Result} at {at.ToMillisecondsString()} ms ± {(e.Within ?? DefaultWithin)}" : e.Result;
        if (r is null) return new ExpectationResult(e, false, $"{e.Endpoint} connect: expected {want}, but connect never completed");
        bool ok = string.Equals(r.Result, e.Result, StringComparison.OrdinalIgnoreCase);
        if (e.At is SimTime expectedAt)
        {
            long tolerance = (e.Within ?? DefaultWithin).Nanoseconds;
            ok &= Math.Abs((r.Time - expectedAt).Nanoseconds) <= tolerance;
        }
        string got = $"{r.Result} at {r.Time.ToMillisecondsString()} ms";
        return new ExpectationResult(e, ok, ok ? $"{e.Endpoint} connect {got}" : $"{e.Endpoint} connect: expected {want}, got {got}");
    }

    private static ExpectationResult CheckCallResult(CallResultExpectation e, Trace trace)
    {
        AppResult? r = trace.OfType<AppResult>().FirstOrDefault(a => a.Endpoint == e.Endpoint && a.Event == e.Call);
        if (r is null) return new ExpectationResult(e, false, $"{e.Endpoint} {e.Call}: expected {e.Result}, but no {e.Call} completed");
        bool ok = string.Equals(r.Result, e.Result, StringComparison.OrdinalIgnoreCase);
        string got = $"{r.Result} at {r.Time.ToMillisecondsString()} ms";
        return new ExpectationResult(e, ok, ok ? $"{e.Endpoint} {e.Call} {got}" : $"{e.Endpoint} {e.Call}: expected {e.Result}, got {got}");
    }

    private static ExpectationResult CheckFinal(FinalStateExpectation e, Trace trace)
    {
        TcpState final = trace.OfType<StateChanged>().LastOrDefault(c => c.Endpoint == e.Endpoint)?.To ?? TcpState.Closed;
        bool ok = final == e.State;
        return new ExpectationResult(e, ok, ok
            ? $"{e.Endpoint} final state {final.ToRfcName()}"
            : $"{e.Endpoint} final state: expected {e.State.ToRfcName()}, got {final.ToRfcName()}");
    }

    private static ExpectationResult CheckSegments(SegmentsExpectation e, Trace trace)
    {
        var wire = SegmentsText.FromTrace(trace);
        for (int i = 0; i < Math.Max(wire.Count, e.Segments.Count); i++)
        {
            if (i >= wire.Count)
                return new ExpectationResult(e, false, $"segments: expected {e.Segments.Count}, the wire has {wire.Count}; missing #{i + 1} {Describe(e.Segments[i])}");
            if (i >= e.Segments.Count)
                return new ExpectationResult(e, false, $"segments: expected {e.Segments.Count}, the wire has {wire.Count}; extra #{i + 1} {Describe(wire[i])}");
            if (!Matches(e.Segments[i], wire[i]))
                return new ExpectationResult(e, false, $"segments: #{i + 1} expected {Describe(e.Segments[i])}, got {Describe(wire[i])}");
        }
        return new ExpectationResult(e, true, $"segments: all {wire.Count} in order");
    }

    private static ExpectationResult CheckCount(CountExpectation e, Trace trace)
    {
        long n = trace.OfType<SegmentSent>().Count(s => s.Fate != SegmentFate.Duplicate && s.FromHost == e.From
            && (e.To is null || s.ToHost == e.To) && e.Kind.Matches(s.Segment));
        string what = $"{e.Kind.ToScenarioName()} {e.From}{(e.To is null ? "" : ">" + e.To)}";
        bool ok = n == e.EqualsCount;
        return new ExpectationResult(e, ok, ok ? $"count {what} = {n}" : $"count {what}: expected {e.EqualsCount}, got {n}");
    }

    private static ExpectationResult CheckStale(StaleBytesExpectation e, Trace trace)
    {
        long n = trace.OfType<StaleDataDelivered>().Where(s => s.Endpoint == e.Endpoint).Sum(s => s.Bytes);
        bool ok = n == e.EqualsBytes;
        return new ExpectationResult(e, ok, ok
            ? $"{e.Endpoint} stale bytes = {n}"
            : $"{e.Endpoint} stale bytes: expected {e.EqualsBytes}, got {n}");
    }

    private static ExpectationResult CheckInvariant(InvariantExpectation e, Trace trace)
    {
        var invariants = Invariants.All(Scheduler.DefaultEventLimit)
            .Where(i => e.Invariant == InvariantExpectation.AllName || i.Name == e.Invariant);
        return Invariants.FirstViolation(invariants, trace) is Violation v
            ? new ExpectationResult(e, false, $"invariant {v}")
            : new ExpectationResult(e, true, $"invariant {e.Invariant} holds");
    }

    private static bool Matches(SegmentPattern p, WireSegment w) =>
        p.FromHost == w.From && p.ToHost == w.To && p.Flags == w.Flags
        && (p.Seq is null || p.Seq == w.Seq) && (p.Ack is null || p.Ack == w.Ack) && (p.Length is null || p.Length == w.Len)
        && string.Equals(p.Note, w.Note, StringComparison.Ordinal)
        && (p.Sack is null || string.Equals(p.Sack, w.Sack, StringComparison.Ordinal));

    private static string Describe(SegmentPattern p)
    {
        string s = $"{p.FromHost}>{p.ToHost} {p.Flags.ToTcpdump()}";
        if (p.Seq is uint seq) s += " " + seq.ToString(CultureInfo.InvariantCulture);
        if (p.Ack is uint ack) s += " " + ack.ToString(CultureInfo.InvariantCulture);
        if (p.Length is int len) s += " " + len.ToString(CultureInfo.InvariantCulture);
        if (p.Note is not null) s += " " + p.Note;
        if (p.Sack is not null) s += " " + p.Sack;
        return s;
    }

    private static string Describe(WireSegment w) =>
        $"{w.Dir} {w.Flags.ToTcpdump()} {w.Seq} {w.Ack} {w.Len}{(w.Note is null ? "" : " " + w.Note)}{(w.Sack is null ? "" : " " + w.Sack)}";

    private static string Join(IEnumerable<TcpState> states) => "[" + string.Join(", ", states.Select(s => s.ToRfcName())) + "]";
}
