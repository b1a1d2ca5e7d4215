using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Sweeps;

/// <summary>
/// One run of a sweep as one row of <c>runs.csv</c>. Times are whole microseconds (the files write milliseconds
/// with three decimals), so a row read back from the file is equal to the row that was written and statistics
/// computed from either are the same.
/// </summary>
public sealed record RunSummary
{
    /// <summary>No endpoint called connect().</summary>
    public const string NoConnect = "none";

    public required long Run { get; init; }
    public required ulong Seed { get; init; }
    /// <summary>The value of each <c>--vary</c> key at this run's grid point, as written.</summary>
    public required IReadOnlyList<string> Values { get; init; }
    /// <summary><c>ok</c>, an errno name (<c>ECONNREFUSED</c>, <c>ETIMEDOUT</c>, ...), or <see cref="NoConnect"/>.</summary>
    public required string ConnectResult { get; init; }
    /// <summary>The first connect() call to its result.</summary>
    public long? ConnectUs { get; init; }
    /// <summary>The first close() or shutdown() to the last endpoint reaching CLOSED.</summary>
    public long? CloseUs { get; init; }
    public required long EndUs { get; init; }
    public required long Segments { get; init; }
    public required long Lost { get; init; }
    public required long Retransmissions { get; init; }
    public required int ExpectationsPassed { get; init; }
    public required int ExpectationsFailed { get; init; }
    /// <summary>Time in each state, per endpoint of <see cref="StateColumns"/>, endpoint-major.</summary>
    public required IReadOnlyList<long> StateUs { get; init; }

    public bool Connected => ConnectResult == "ok";

    /// <summary>Rounds to the nearest microsecond, as <see cref="SimTime.ToMillisecondsString"/> does.</summary>
    public static long Microseconds(long nanoseconds) =>
        nanoseconds >= 0 ? (nanoseconds + 500) / 1000 : -((-nanoseconds + 500) / 1000);

    /// <summary>Builds the row from what the run recorded: its trace and the verdicts on its expectations.</summary>
    public static RunSummary FromTrace(long run, IReadOnlyList<string> values, Trace trace, RunResult result,
        IReadOnlyList<ExpectationResult> verdicts, StateColumns columns)
    {
        AppCall? connect = null;
        string connectResult = NoConnect;
        long? connectUs = null;
        SimTime? closeCall = null, lastClosed = null;
        var stateNs = new long[columns.Endpoints.Count * StateColumns.States.Count];
        var since = new Dictionary<string, (TcpState State, SimTime At)>(StringComparer.Ordinal);
        foreach (TraceEvent e in trace.Events)
        {
            switch (e)
            {
                case AppCall { Call: "connect" } call when connect is null:
                    connect = call;
                    break;
                case AppCall { Call: "close" or "shutdown" } call when closeCall is null:
                    closeCall = call.Time;
                    break;
                case AppResult { Event: "connect" } r when connect is not null && connectUs is null && r.Endpoint == connect.Endpoint:
                    connectResult = r.Result;
                    connectUs = Microseconds((r.Time - connect.Time).Nanoseconds);
                    break;
                case StateChanged s:
                    if (s.To == TcpState.Closed && closeCall is not null) lastClosed = s.Time;
                    Account(s.Endpoint, s.Time);
                    since[s.Endpoint] = (s.To, s.Time);
                    break;
            }
        }
        SimTime end = result.Outcome.EndTime;
        foreach (string endpoint in since.Keys.ToArray()) Account(endpoint, end);
        return new RunSummary
        {
            Run = run,
            Seed = trace.Seed,
            Values = values,
            ConnectResult = connectResult,
            ConnectUs = connectUs,
            CloseUs = closeCall is SimTime c && lastClosed is SimTime l ? Microseconds((l - c).Nanoseconds) : null,
            EndUs = Microseconds(end.Nanoseconds),
            Segments = result.Counters.SegmentsSent,
            Lost = result.Counters.SegmentsLost,
            Retransmissions = result.Counters.Retransmissions,
            ExpectationsPassed = verdicts.Count(v => v.Passed),
            ExpectationsFailed = verdicts.Count(v => !v.Passed),
            StateUs = Array.ConvertAll(stateNs, Microseconds),
        };

        void Account(string endpoint, SimTime until)
        {
            if (!since.TryGetValue(endpoint, out var current)) return;
            int column = columns.IndexOf(endpoint, current.State);
            if (column >= 0) stateNs[column] += (until - current.At).Nanoseconds;
        }
    }
}

/// <summary>
/// Which endpoints get time-in-state columns: every endpoint of the scenario that does not listen, and for each
/// listener its first accepted connection (<c>server#1</c>), where the listener's side of the lifecycle happens.
/// Fixed by the scenario alone, so every run and every shard has the same columns.
/// </summary>
public sealed class StateColumns
{
    /// <summary>Every state but CLOSED, where an endpoint is before it starts and after it ends.</summary>
    public static readonly IReadOnlyList<TcpState> States = [.. Enum.GetValues<TcpState>().Where(s => s != TcpState.Closed)];

    public StateColumns(IReadOnlyList<string> endpoints) => Endpoints = endpoints;

    public IReadOnlyList<string> Endpoints { get; }

    public static StateColumns For(Scenario scenario) => new(
        [.. scenario.Endpoints.Select(e => e.Steps.Any(s => s.Action.Kind == AppActionKind.Listen) ? e.Name + "#1" : e.Name)]);

    /// <summary>Column names: <c>client.SYN-SENT_ms</c>, ...</summary>
    public IEnumerable<string> Names =>
        Endpoints.SelectMany(e => States.Select(s => $"{e}.{s.ToRfcName()}_ms"));

    public int IndexOf(string endpoint, TcpState state)
    {
        if (state == TcpState.Closed) return -1;
        for (int i = 0; i < Endpoints.Count; i++)
            if (Endpoints[i] == endpoint) return i * States.Count + (int)state - 1;
        return -1;
    }
}
