using Simulator.Core.Export;
using Simulator.Core.Fidelity;
using Simulator.Core.Tcp;

namespace Simulator.Core.Tests.Fidelity;

public sealed class StateComparerTests
{
    public static TheoryData<string> Scenarios() => ReferenceData.ScenarioData();

    private static IReadOnlyList<StateRow> Reference(string scenario) =>
        StatesText.Parse(ReferenceData.Text(scenario + ".states.txt"), scenario + ".states.txt");

    private static IReadOnlyList<StateRow> Ours(string text) => StatesText.Parse(text);

    /// <summary>When the reference stopped sampling each side, in ms after its first SYN.</summary>
    private static IReadOnlyDictionary<string, double> Ends(string scenario) =>
        StateComparer.EndsAfter(StatesText.SamplingEnds(ReferenceData.Text(scenario + ".states.txt")),
            SegmentsText.EpochT0(ReferenceData.Text(scenario + ".segments.txt"))!.Value);

    [Fact]
    public void SamplingEnds_FromTheReferenceComments()
    {
        var ends = Ends("lost-synack");
        Assert.Equal(4064.273, ends["c"], 3);
        Assert.Equal(4120.558, ends["s"], 3);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Reference_ComparedWithItself_FullMatch(string scenario)
    {
        var r = Reference(scenario);
        var result = StateComparer.Compare(r, r, SideMap.Default);
        Assert.True(result.IsFullMatch, result.Summary);
        Assert.Equal(r.Count, result.Matched);
    }

    /// <summary>What the simulation would write for the normal scenario: SYN at 0, close at 2.16 ms, 60 s TIME-WAIT.</summary>
    private const string NormalSim = """
        0.000 server LISTEN
        0.000 client SYN-SENT
        0.015 server#1 SYN-RECEIVED
        0.030 client ESTABLISHED
        0.045 server#1 ESTABLISHED
        2.161 client FIN-WAIT-1
        2.176 server#1 CLOSE-WAIT
        2.567 server#1 LAST-ACK
        2.582 client TIME-WAIT
        2.597 server#1 CLOSED
        60002.582 client CLOSED
        """;

    [Fact]
    public void Normal_ShortStatesUnseenListenerCloseNotModelled_FullMatch()
    {
        var result = StateComparer.Compare(Ours(NormalSim), Reference("normal"), SideMap.Default);
        Assert.True(result.IsFullMatch, result.Summary);
        Assert.Equal("matched 4 of 4, 0 extra, 1 not modelled, timing within tolerance: yes", result.Summary);
        Assert.Equal(2, result.Rows.Count(r => r.Socket == "client" && r.Verdict == StateVerdict.NotSampled));
        Assert.Equal(4, result.Rows.Count(r => r.Socket == "server#1" && r.Verdict == StateVerdict.NotSampled));
        Assert.Single(result.Rows, r => r.Socket == "server#1" && r.Verdict == StateVerdict.NeverVisible);
        var listenerClose = Assert.Single(result.Rows, r => r.Verdict == StateVerdict.NotModelled);
        Assert.Equal("server", listenerClose.Socket);
        Assert.True(listenerClose.Reference!.IsListenerRow);
    }

    [Fact]
    public void LongStateAbsentFromReference_Extra()
    {
        string sim = NormalSim.Replace("2.582 client TIME-WAIT", "2.200 client FIN-WAIT-2\n2.582 client TIME-WAIT", StringComparison.Ordinal)
            .Replace("2.161 client FIN-WAIT-1", "1.000 client FIN-WAIT-1", StringComparison.Ordinal);
        // FIN-WAIT-2 held 0.382 ms: not sampled, fine.
        Assert.True(StateComparer.Compare(Ours(sim), Reference("normal"), SideMap.Default).IsFullMatch);

        // Held 100 ms, longer than the reference's sampling gap before its next change: it would have been seen.
        sim = NormalSim.Replace("2.582 client TIME-WAIT", "2.200 client FIN-WAIT-2\n102.200 client TIME-WAIT", StringComparison.Ordinal);
        var result = StateComparer.Compare(Ours(sim), Reference("normal"), SideMap.Default);
        var extra = Assert.Single(result.Rows, r => r.Verdict == StateVerdict.Extra);
        Assert.Equal(TcpState.FinWait2, extra.Simulated!.State);
        Assert.False(result.IsFullMatch);
    }

    [Fact]
    public void ReferenceStateNeverEntered_Missing()
    {
        string sim = NormalSim.Replace("2.582 client TIME-WAIT\n", "", StringComparison.Ordinal)
            .Replace("60002.582 client CLOSED", "2.700 client CLOSED", StringComparison.Ordinal);
        var result = StateComparer.Compare(Ours(sim), Reference("normal"), SideMap.Default);
        var missing = Assert.Single(result.Rows, r => r.Verdict == StateVerdict.Missing);
        Assert.Equal(TcpState.TimeWait, missing.Reference!.State);
        Assert.False(result.IsFullMatch);
    }

    [Fact]
    public void ChangeOutsideTheSamplingWindow_TimingNo()
    {
        // TIME-WAIT ends 70 s later instead of 60.5 s: beyond 12.5 % of the reference interval.
        string sim = NormalSim.Replace("60002.582 client CLOSED", "70002.582 client CLOSED", StringComparison.Ordinal);
        var result = StateComparer.Compare(Ours(sim), Reference("normal"), SideMap.Default);
        Assert.False(result.TimingOk);
        var row = Assert.Single(result.Rows, r => !r.TimingOk);
        Assert.Equal(TcpState.Closed, row.Reference!.State);
        // The interval since TIME-WAIT began is ~70 s simulated, at most ~60.5 s in the reference.
        Assert.InRange(row.TimeDiffMs!.Value, 9000, 9600);
    }

    [Fact]
    public void LostSynAck_ListenerThatItselfLeavesListen_MapsToConnectionRows()
    {
        // A listener that turns into the connection (RFC 9293 style) instead of spawning server#1.
        const string sim = """
            0.000 server LISTEN
            0.000 client SYN-SENT
            0.015 server SYN-RECEIVED
            1020.860 client ESTABLISHED
            1020.900 server ESTABLISHED
            1021.419 client FIN-WAIT-1
            1021.430 server CLOSE-WAIT
            1021.463 server LAST-ACK
            1021.467 client TIME-WAIT
            1021.480 server CLOSED
            61021.467 client CLOSED
            """;
        var result = StateComparer.Compare(Ours(sim), Reference("lost-synack"), SideMap.Default, referenceEndsMs: Ends("lost-synack"));
        Assert.True(result.IsFullMatch, result.Summary + "\n" + string.Join("\n", result.Rows));
        Assert.Contains(result.Rows, r => r.Socket == "server (connection 1)" && r.Verdict == StateVerdict.Match && r.Simulated!.State == TcpState.SynReceived);
        // The reference stopped sampling while the client was still in TIME-WAIT: our CLOSED comes after that.
        Assert.Contains(result.Rows, r => r.Socket == "client" && r.Verdict == StateVerdict.AfterReferenceEnd && r.Simulated!.State == TcpState.Closed);
        // Without the sampling end the CLOSED is an extra state.
        Assert.Equal(1, StateComparer.Compare(Ours(sim), Reference("lost-synack"), SideMap.Default).Extra);
    }

    [Fact]
    public void SimultaneousClose_ClosingOnBothSides()
    {
        const string sim = """
            0.000 server LISTEN
            0.000 client SYN-SENT
            0.015 server#1 SYN-RECEIVED
            0.030 client ESTABLISHED
            0.045 server#1 ESTABLISHED
            890.000 server#1 FIN-WAIT-1
            890.000 client FIN-WAIT-1
            955.000 server#1 CLOSING
            955.000 client CLOSING
            1025.000 server#1 TIME-WAIT
            1025.000 client TIME-WAIT
            61025.000 server#1 CLOSED
            61025.000 client CLOSED
            """;
        var result = StateComparer.Compare(Ours(sim), Reference("simultaneous-close"), SideMap.Default, referenceEndsMs: Ends("simultaneous-close"));
        Assert.True(result.IsFullMatch, result.Summary + "\n" + string.Join("\n", result.Rows));
    }

    [Fact]
    public void NoSimulatedEndpointForASide_AllMissing()
    {
        var result = StateComparer.Compare([], Reference("lost-synack"), SideMap.Default);
        Assert.Equal(0, result.Matched);
        Assert.False(result.IsFullMatch);
        Assert.All(result.Rows, r => Assert.Contains(r.Verdict, new[] { StateVerdict.Missing, StateVerdict.NotModelled }));
    }

    [Fact]
    public void TimeWaitTakenByTheNextConnection_ReferenceRowsSplitIntoTwoSockets()
    {
        // port-reuse-tw: c1's TIME-WAIT on port 40000 is taken by c3's connect() (tcp_tw_reuse). The reference shows
        // TIME_WAIT then FIN_WAIT_2 for the same addresses, with no CLOSED between: two sockets, paired with c1 and c3;
        // c1's CLOSED when c3 takes its 4-tuple has nothing to match and is no extra state.
        const string sim = """
            0.000 server LISTEN
            0.000 c1 SYN-SENT
            0.015 server#1 SYN-RECEIVED
            0.030 c1 ESTABLISHED
            0.045 server#1 ESTABLISHED
            0.130 c1 FIN-WAIT-1
            0.145 server#1 CLOSE-WAIT
            4.160 c1 FIN-WAIT-2
            206.145 server#1 LAST-ACK
            206.160 c1 TIME-WAIT
            206.175 server#1 CLOSED
            301.200 c2 SYN-SENT
            301.215 server#2 SYN-RECEIVED
            301.230 c2 ESTABLISHED
            301.245 server#2 ESTABLISHED
            301.290 c2 FIN-WAIT-1
            301.305 server#2 CLOSE-WAIT
            305.320 c2 FIN-WAIT-2
            507.305 server#2 LAST-ACK
            507.320 c2 TIME-WAIT
            507.335 server#2 CLOSED
            1803.120 c1 CLOSED
            1803.120 c3 SYN-SENT
            1803.135 server#3 SYN-RECEIVED
            1803.150 c3 ESTABLISHED
            1803.165 server#3 ESTABLISHED
            1803.240 c3 FIN-WAIT-1
            1803.255 server#3 CLOSE-WAIT
            1807.270 c3 FIN-WAIT-2
            2009.255 server#3 LAST-ACK
            2009.270 c3 TIME-WAIT
            2009.285 server#3 CLOSED
            """;
        var sides = SideMap.Default.With(new Dictionary<string, string> { ["c1"] = "client", ["c2"] = "client", ["c3"] = "client" });
        var result = StateComparer.Compare(Ours(sim), Reference("port-reuse-tw"), sides, referenceEndsMs: Ends("port-reuse-tw"));
        Assert.True(result.IsFullMatch, result.Summary + "\n" + string.Join("\n", result.Rows));
        var replaced = Assert.Single(result.Rows, r => r.Verdict == StateVerdict.Replaced);
        Assert.Equal("c1", replaced.Socket);
        Assert.Contains(result.Rows, r => r.Socket == "c3" && r.Verdict == StateVerdict.Match && r.Reference!.State == TcpState.FinWait2);
    }
}
