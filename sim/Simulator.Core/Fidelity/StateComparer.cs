using System.Globalization;
using Simulator.Core.Export;
using Simulator.Core.Tcp;

namespace Simulator.Core.Fidelity;

public enum StateVerdict
{
    /// <summary>The same state, in order, at a time within tolerance of the sample that saw it.</summary>
    Match,
    /// <summary>A simulated state held for less than one sample (5 ms): the reference may not show it.</summary>
    NotSampled,
    /// <summary>A simulated CLOSED of a socket the reference never saw (it lived less than one sample).</summary>
    NeverVisible,
    /// <summary>
    /// A simulated CLOSED of a TIME-WAIT whose 4-tuple a new connection took (tcp_tw_reuse, or a new SYN taken by the
    /// listener): the reference shows the new socket in its place, never the old one gone.
    /// </summary>
    Replaced,
    /// <summary>A reference row the simulation does not model: a listener closed when the reference program exited.</summary>
    NotModelled,
    /// <summary>A simulated change after the reference stopped sampling that side.</summary>
    AfterReferenceEnd,
    /// <summary>A reference state the simulation never entered.</summary>
    Missing,
    /// <summary>A simulated state, held long enough to be sampled, that the reference does not show.</summary>
    Extra,
}

/// <summary>
/// One row of a state comparison. <see cref="Socket"/> names the simulated endpoint (or the reference socket if
/// none pairs with it). <see cref="TimeDiffMs"/> (matches after the first SYN only) is how far the simulated interval
/// since the socket's previous match lies outside the reference's, whose ends are sampling windows [prev_ms, t_ms]:
/// 0 inside it.
/// </summary>
public sealed record StateComparisonRow(
    string Socket,
    StateRow? Reference,
    StateRow? Simulated,
    StateVerdict Verdict,
    double? TimeDiffMs,
    double? ToleranceMs,
    string Detail)
{
    public bool IsMismatch => Verdict is StateVerdict.Missing or StateVerdict.Extra;
    public bool TimingOk => TimeDiffMs is not double d || ToleranceMs is not double tol || Math.Abs(d) <= tol + 1e-9;
}

public sealed record StateComparison(IReadOnlyList<StateComparisonRow> Rows, int Matched, int ReferenceCount, int Extra, int NotModelled, bool TimingOk)
{
    public bool IsFullMatch => Matched + NotModelled == ReferenceCount && Extra == 0 && TimingOk;

    public string Summary
    {
        get
        {
            string notModelled = NotModelled > 0 ? string.Create(CultureInfo.InvariantCulture, $", {NotModelled} not modelled") : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"matched {Matched} of {ReferenceCount - NotModelled}, {Extra} extra{notModelled}, timing within tolerance: {(TimingOk ? "yes" : "no")}");
        }
    }
}

/// <summary>
/// Compares simulated state changes with a reference's, socket by socket. Reference rows with addresses are grouped
/// by (side, local, peer): listener rows (peer <c>0.0.0.0:*</c>) pair with the simulated listener's LISTEN, connection
/// rows with the accepted endpoints (<c>server#1</c>, ...) or the connecting one, in order of appearance. Our rows
/// are grouped by endpoint; a listener that itself leaves LISTEN gives its later states to a connection socket.
/// States held for less than 5 ms may be absent from the reference, Linux's socket-gone CLOSED is our CLOSED, and a
/// reference listener closing when its program exits needs no simulated counterpart.
/// </summary>
public static class StateComparer
{
    private sealed class Socket(string side, bool listener, string label, double first)
    {
        /// <summary>A reference TIME-WAIT that the next incarnation of its 4-tuple took over.</summary>
        public bool Replaced { get; set; }
        public string Side { get; } = side;
        public bool Listener { get; } = listener;
        public string Label { get; } = label;
        public double First { get; } = first;
        public List<(StateRow Row, double Held)> Entries { get; } = [];
    }

    /// <param name="sideMap">Renames sides on both lists (e.g. <c>c=client,s=server</c>); endpoints <c>x#n</c> belong to side <c>x</c>.</param>
    /// <param name="simulatedT0Ms">The simulation's first SYN (its state times are from the scenario start).</param>
    /// <param name="referenceT0Ms">The reference's first SYN (0 for the Linux traces).</param>
    /// <param name="referenceEndsMs">
    /// Per reference side (e.g. <c>c</c>), when its sampling stopped, on the reference's time-line; later simulated
    /// changes of that side are not compared. Null: sampling covered the whole run.
    /// </param>
    public static StateComparison Compare(
        IReadOnlyList<StateRow> simulated,
        IReadOnlyList<StateRow> reference,
        SideMap? sideMap = null,
        double simulatedT0Ms = 0,
        double referenceT0Ms = 0,
        IReadOnlyDictionary<string, double>? referenceEndsMs = null)
    {
        sideMap ??= SideMap.Identity;
        var ends = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (side, end) in referenceEndsMs ?? new Dictionary<string, double>())
            ends[sideMap.Name(side)] = end - referenceT0Ms;
        var sim = Sockets(simulated, sideMap);
        var refs = Sockets(reference, sideMap);
        var rows = new List<StateComparisonRow>();
        var sides = refs.Select(s => s.Side).Concat(sim.Select(s => s.Side)).Distinct().ToList();
        foreach (string side in sides)
        {
            foreach (bool listener in new[] { true, false })
            {
                var r = refs.Where(s => s.Side == side && s.Listener == listener).OrderBy(s => s.First).ToList();
                var m = sim.Where(s => s.Side == side && s.Listener == listener).OrderBy(s => s.First).ToList();
                for (int k = 0; k < Math.Max(r.Count, m.Count); k++)
                {
                    var rs = k < r.Count ? r[k] : null;
                    var ms = k < m.Count ? m[k] : null;
                    double end = ends.TryGetValue(side, out double e) ? e : double.PositiveInfinity;
                    rows.AddRange(ComparePair(rs, ms, simulatedT0Ms, referenceT0Ms, end));
                }
            }
        }
        int matched = rows.Count(r => r.Verdict == StateVerdict.Match);
        int notModelled = rows.Count(r => r.Verdict == StateVerdict.NotModelled);
        int extra = rows.Count(r => r.Verdict == StateVerdict.Extra);
        return new StateComparison(rows, matched, reference.Count, extra, notModelled, rows.All(r => r.TimingOk));
    }

    /// <summary>Sampling ends in Unix seconds (<see cref="StatesText.SamplingEnds"/>) as ms after a t0 given in Unix seconds.</summary>
    public static IReadOnlyDictionary<string, double> EndsAfter(IReadOnlyDictionary<string, double> samplingEnds, double epochT0) =>
        samplingEnds.ToDictionary(kv => kv.Key, kv => (kv.Value - epochT0) * 1000.0, StringComparer.Ordinal);

    private static List<Socket> Sockets(IReadOnlyList<StateRow> rows, SideMap map)
    {
        var sockets = new List<Socket>();
        // Reference rows: one socket per (side, local, peer).
        var keyed = new Dictionary<(string, string, string), Socket>();
        // Our rows: per endpoint, the listening part and the connection parts.
        var byEndpoint = new Dictionary<string, List<StateRow>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in rows)
        {
            if (row.Local is not null && row.Peer is not null)
            {
                var key = (row.Endpoint, row.Local, row.Peer);
                // CLOSED means the socket is gone: a later row for the same addresses is a new socket. So does any
                // state but CLOSED after TIME-WAIT: a new connection took the 4-tuple within one sample.
                TcpState? last = keyed.TryGetValue(key, out var socket) ? socket.Entries[^1].Row.State : null;
                bool replaced = last == TcpState.TimeWait && row.State is not (TcpState.TimeWait or TcpState.Closed);
                bool gone = !row.IsListenerRow && (last == TcpState.Closed || replaced);
                if (replaced) socket!.Replaced = true;
                if (socket is null || gone)
                {
                    socket = new Socket(map.Name(row.Endpoint), row.IsListenerRow,
                        $"{row.Endpoint} {row.Local} {row.Peer}", row.TimeMs);
                    keyed[key] = socket;
                    sockets.Add(socket);
                }
                socket.Entries.Add((row, double.PositiveInfinity));
            }
            else
            {
                if (!byEndpoint.TryGetValue(row.Endpoint, out var list))
                {
                    list = [];
                    byEndpoint[row.Endpoint] = list;
                    order.Add(row.Endpoint);
                }
                list.Add(row);
            }
        }
        foreach (var socket in sockets)
        {
            for (int k = 0; k < socket.Entries.Count - 1; k++)
                socket.Entries[k] = (socket.Entries[k].Row, socket.Entries[k + 1].Row.TimeMs - socket.Entries[k].Row.TimeMs);
        }
        foreach (string endpoint in order)
        {
            var list = byEndpoint[endpoint];
            int hash = endpoint.IndexOf('#', StringComparison.Ordinal);
            string side = map.Name(hash > 0 ? endpoint[..hash] : endpoint);
            Socket? listening = null, connection = null;
            int connections = 0;
            for (int k = 0; k < list.Count; k++)
            {
                var row = list[k];
                double held = k + 1 < list.Count ? list[k + 1].TimeMs - row.TimeMs : double.PositiveInfinity;
                bool afterListen = k > 0 && list[k - 1].State == TcpState.Listen;
                Socket target;
                if (row.State == TcpState.Listen || (row.State == TcpState.Closed && afterListen))
                {
                    listening ??= Add(sockets, new Socket(side, true, endpoint, row.TimeMs));
                    target = listening;
                }
                else
                {
                    if (connection is null || afterListen)
                    {
                        connections++;
                        string label = listening is null ? endpoint : string.Create(CultureInfo.InvariantCulture, $"{endpoint} (connection {connections})");
                        connection = Add(sockets, new Socket(side, false, label, row.TimeMs));
                    }
                    target = connection;
                }
                target.Entries.Add((row, held));
            }
        }
        return sockets;
    }

    private static Socket Add(List<Socket> sockets, Socket socket)
    {
        sockets.Add(socket);
        return socket;
    }

    private static List<StateComparisonRow> ComparePair(Socket? reference, Socket? simulated, double simT0, double refT0, double refEnd)
    {
        string label = simulated?.Label ?? reference!.Label;
        var rows = new List<StateComparisonRow>();
        var refEntries = reference?.Entries.Select(e => e.Row).ToList() ?? [];
        var simEntries = simulated?.Entries ?? [];
        int r = 0;
        bool seen = false;
        var anchor = default(Anchor);

        void Missing(int upTo)
        {
            for (; r < upTo; r++) rows.Add(new(label, refEntries[r], null, StateVerdict.Missing, null, null, "not entered by the simulation"));
        }

        foreach (var (row, held) in simEntries)
        {
            int at = -1;
            if (row.TimeMs - simT0 > refEnd)
            {
                rows.Add(new(label, null, row, StateVerdict.AfterReferenceEnd, null, null,
                    string.Create(CultureInfo.InvariantCulture, $"the reference stopped sampling at {refEnd:0.000} ms")));
                continue;
            }
            if (r < refEntries.Count && refEntries[r].State == row.State)
            {
                at = r;
            }
            else if (held < SamplingGap(refEntries, r))
            {
                rows.Add(new(label, null, row, StateVerdict.NotSampled, null, null,
                    string.Create(CultureInfo.InvariantCulture, $"held {held:0.000} ms, less than one sample")));
                continue;
            }
            else if (row.State == TcpState.Closed && !seen)
            {
                rows.Add(new(label, null, row, StateVerdict.NeverVisible, null, null, "the socket lived less than one sample"));
                continue;
            }
            else if (row.State == TcpState.Closed && r == refEntries.Count && reference is { Replaced: true })
            {
                rows.Add(new(label, null, row, StateVerdict.Replaced, null, null, "the next connection took its 4-tuple"));
                continue;
            }
            else
            {
                at = refEntries.FindIndex(r, e => e.State == row.State);
            }
            if (at < 0)
            {
                rows.Add(new(label, null, row, StateVerdict.Extra, null, null,
                    double.IsPositiveInfinity(held) ? "not in the reference" :
                    string.Create(CultureInfo.InvariantCulture, $"held {held:0.000} ms, not in the reference")));
                continue;
            }
            Missing(at);
            var match = refEntries[r++];
            seen = true;
            rows.Add(Timed(label, match, row, simT0, refT0, ref anchor));
        }
        bool simClosed = simEntries.Any(e => e.Row.State == TcpState.Closed);
        for (; r < refEntries.Count; r++)
        {
            var e = refEntries[r];
            bool programExit = reference!.Listener && e.State == TcpState.Closed && !simClosed
                && refEntries.Skip(r + 1).All(x => x.State == TcpState.Closed);
            rows.Add(programExit
                ? new(label, e, null, StateVerdict.NotModelled, null, null, "listener closed by the reference program")
                : new(label, e, null, StateVerdict.Missing, null, null, "not entered by the simulation"));
        }
        return rows;
    }

    /// <summary>
    /// How long the reference did not look before its next change (row <paramref name="next"/>): its t_ms − prev_ms,
    /// at least one nominal sample. A simulated state held for less may have come and gone unseen.
    /// </summary>
    private static double SamplingGap(List<StateRow> refEntries, int next)
    {
        double gap = Tolerance.StateSampleMs;
        if (next < refEntries.Count && refEntries[next].PrevMs is double prev) gap = Math.Max(gap, refEntries[next].TimeMs - prev);
        return gap;
    }

    /// <summary>The previous timed match of a socket: the reference's window [From, At] and the simulated time.</summary>
    private readonly record struct Anchor(double RefFrom, double RefAt, double Sim);

    /// <summary>
    /// Times a match as an interval from the socket's previous timed match (the first SYN for the first), as segments
    /// are timed: the simulated interval must lie within the reference's, widened by its sampling windows, give or
    /// take max(4 ms, 12.5 %). Kernel timers run late by a little each time; intervals keep that from adding up.
    /// </summary>
    private static StateComparisonRow Timed(string label, StateRow reference, StateRow simulated, double simT0, double refT0, ref Anchor anchor)
    {
        double refAt = reference.TimeMs - refT0;
        if (refAt < 0) return new(label, reference, simulated, StateVerdict.Match, null, null, "before the first SYN: not timed");
        double refFrom = Math.Max(0, (reference.PrevMs ?? reference.TimeMs) - refT0);
        double simAt = simulated.TimeMs - simT0;
        double simInterval = simAt - anchor.Sim;
        double shortest = refFrom - anchor.RefAt, longest = refAt - anchor.RefFrom;
        double tol = Tolerance.For(refAt - anchor.RefAt);
        double diff = simInterval < shortest ? simInterval - shortest : simInterval > longest ? simInterval - longest : 0;
        string detail = Math.Abs(diff) <= tol + 1e-9 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"{simInterval:0.000} ms after the previous state, reference between {shortest:0.000} and {longest:0.000} ms (tolerance {tol:0.000} ms)");
        anchor = new Anchor(refFrom, refAt, simAt);
        return new(label, reference, simulated, StateVerdict.Match, diff, tol, detail);
    }
}
