using Simulator.Core.Export;
using Simulator.Core.Fidelity;
using Simulator.Core.Tcp;
using Simulator.Core.Tests.Export;

namespace Simulator.Core.Tests.Fidelity;

public sealed class SegmentComparerTests
{
    public static TheoryData<string> Scenarios() => ReferenceData.ScenarioData();

    private static List<WireSegment> Reference(string scenario) =>
        SegmentsText.Parse(ReferenceData.Text(scenario + ".segments.txt"), scenario + ".segments.txt").ToList();

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Reference_ComparedWithItself_FullMatch(string scenario)
    {
        var r = Reference(scenario);
        var result = SegmentComparer.Compare(r, r, SideMap.Default);
        Assert.True(result.IsFullMatch, result.Summary);
        Assert.Equal($"matched {r.Count} of {r.Count}, 0 extra, timing within tolerance: yes", result.Summary);
        Assert.All(result.Rows, row => Assert.Equal(SegmentVerdict.Match, row.Verdict));
        Assert.All(result.Rows, row => Assert.Equal(0.0, row.TimeDiffMs!.Value, 9));
        Assert.Equal("client>server", result.Rows[0].Reference!.Dir);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void ReferenceCapture_AgainstReferenceText_FullMatch(string scenario)
    {
        var capture = PcapReader.Read(File.ReadAllBytes(ReferenceData.Path(scenario + ".pcap")));
        var result = SegmentComparer.Compare(PcapReader.ToWireSegments(capture.Packets), Reference(scenario), SideMap.Default);
        Assert.True(result.IsFullMatch, result.Summary);
    }

    [Fact]
    public void FlagChanged_Differs()
    {
        var r = Reference("normal");
        var sim = r.ToList();
        sim[3] = sim[3] with { Flags = TcpFlags.Ack };
        var result = SegmentComparer.Compare(sim, r, SideMap.Default);
        Assert.False(result.IsFullMatch);
        var row = Assert.Single(result.Rows, x => !x.IsMatch);
        Assert.Equal(SegmentVerdict.Differs, row.Verdict);
        Assert.Equal("flags [.], reference [P.]", row.Detail);
        Assert.Equal("matched 9 of 10, 1 extra, timing within tolerance: yes", result.Summary);
    }

    [Fact]
    public void SegmentRemoved_Missing()
    {
        var r = Reference("lost-synack");
        var sim = r.ToList();
        sim.RemoveAt(5); // the server's timer SYN-ACK
        var result = SegmentComparer.Compare(sim, r, SideMap.Default);
        var row = Assert.Single(result.Rows, x => !x.IsMatch);
        Assert.Equal(SegmentVerdict.Missing, row.Verdict);
        Assert.Equal(r[5] with { Dir = "server>client" }, row.Reference);
        Assert.Null(row.Simulated);
        Assert.Equal("matched 13 of 14, 0 extra, timing within tolerance: yes", result.Summary);
        Assert.False(result.IsFullMatch);
    }

    [Fact]
    public void ExtraSegment_NamedAsExtra()
    {
        var r = Reference("normal");
        var sim = r.ToList();
        var extra = new WireSegment(1.0, "s>c", TcpFlags.Ack, 1, 101, 0, null);
        sim.Insert(5, extra);
        var result = SegmentComparer.Compare(sim, r, SideMap.Default);
        var row = Assert.Single(result.Rows, x => !x.IsMatch);
        Assert.Equal(SegmentVerdict.Extra, row.Verdict);
        Assert.Equal(extra with { Dir = "server>client" }, row.Simulated);
        Assert.Equal("matched 10 of 10, 1 extra, timing within tolerance: yes", result.Summary);
        Assert.False(result.IsFullMatch);
    }

    [Fact]
    public void TimingShiftedBeyondTolerance_TimingNo()
    {
        var r = Reference("lost-syn");
        // The SYN retransmission at 1013.9 ms: tolerance 12.5 % of that interval, about 127 ms.
        int resent = r.FindIndex(s => s.Flags == TcpFlags.Syn && s.TimeMs > 0);
        var late = r.Select((s, i) => i >= resent ? s with { TimeMs = s.TimeMs + 130 } : s).ToList();
        var result = SegmentComparer.Compare(late, r, SideMap.Default);
        Assert.Equal("matched 11 of 11, 0 extra, timing within tolerance: no", result.Summary);
        var row = Assert.Single(result.Rows, x => !x.TimingOk);
        Assert.Equal(130, row.TimeDiffMs!.Value, 6);
        Assert.Contains("reference 1013.914 ms", row.Detail, StringComparison.Ordinal);

        var nearly = r.Select((s, i) => i >= resent ? s with { TimeMs = s.TimeMs + 120 } : s).ToList();
        Assert.True(SegmentComparer.Compare(nearly, r, SideMap.Default).IsFullMatch);
    }

    [Fact]
    public void SmallIntervalShift_FourMillisecondFloor()
    {
        var r = Reference("normal");
        var within = r.Select((s, i) => i == 5 ? s with { TimeMs = s.TimeMs + 3.9 } : s).ToList();
        Assert.True(SegmentComparer.Compare(within, r, SideMap.Default).IsFullMatch);
        var beyond = r.Select((s, i) => i == 5 ? s with { TimeMs = s.TimeMs + 4.1 } : s).ToList();
        Assert.False(SegmentComparer.Compare(beyond, r, SideMap.Default).TimingOk);
    }

    /// <summary>Two reference segments <paramref name="gapMs"/> apart, appearing in the other order in the simulation.</summary>
    private static (List<WireSegment> Sim, List<WireSegment> Ref) Swapped(double gapMs)
    {
        var reference = new List<WireSegment>
        {
            new(0, "c>s", TcpFlags.Syn, 0, 0, 0, null),
            new(1, "s>c", TcpFlags.Syn | TcpFlags.Ack, 0, 1, 0, null),
            new(2, "c>s", TcpFlags.Ack, 1, 1, 0, null),
            new(50, "c>s", TcpFlags.Fin | TcpFlags.Ack, 1, 1, 0, null),
            new(50 + gapMs, "s>c", TcpFlags.Fin | TcpFlags.Ack, 1, 1, 0, null),
            new(60 + gapMs, "c>s", TcpFlags.Ack, 2, 2, 0, null),
        };
        var sim = reference.ToList();
        (sim[3], sim[4]) = (sim[4] with { TimeMs = sim[3].TimeMs }, sim[3] with { TimeMs = sim[4].TimeMs });
        return (sim, reference);
    }

    [Fact]
    public void TwoSegments2msApartSwapped_StillMatch()
    {
        var (sim, reference) = Swapped(2);
        var result = SegmentComparer.Compare(sim, reference, SideMap.Default);
        Assert.True(result.IsFullMatch, result.Summary);
        Assert.Equal(2, result.Rows.Count(r => r.Verdict == SegmentVerdict.MatchSwapped));
    }

    [Fact]
    public void TwoSegments6msApartSwapped_Mismatch()
    {
        var (sim, reference) = Swapped(6);
        var result = SegmentComparer.Compare(sim, reference, SideMap.Default);
        Assert.False(result.IsFullMatch);
        Assert.Equal(5, result.Matched);
        Assert.Equal(1, result.Extra);
        Assert.Contains(result.Rows, r => r.Verdict == SegmentVerdict.Missing);
        Assert.Contains(result.Rows, r => r.Verdict == SegmentVerdict.Extra);
    }

    [Fact]
    public void ReferenceNeighboursSwapped_StillMatch()
    {
        // lost-synack: the client's ACK at 1020.890 and the server's timer SYN-ACK at 1020.912 cross.
        var r = Reference("lost-synack");
        var sim = r.ToList();
        (sim[4], sim[5]) = (sim[5], sim[4]);
        var result = SegmentComparer.Compare(sim, r, SideMap.Default);
        Assert.True(result.IsFullMatch, result.Summary);
    }

    /// <summary>
    /// Three data segments and a SACK <paramref name="spanMs"/> apart in all; the simulation sends the last data
    /// segment and the resend before the SACK, as lost-first-of-8 did (two moves past one segment, not a swap).
    /// </summary>
    private static (List<WireSegment> Sim, List<WireSegment> Ref) Rotated(double spanMs)
    {
        var reference = new List<WireSegment>
        {
            new(0, "c>s", TcpFlags.Syn, 0, 0, 0, null),
            new(1, "s>c", TcpFlags.Syn | TcpFlags.Ack, 0, 1, 0, null),
            new(2, "c>s", TcpFlags.Ack, 1, 1, 0, null),
            new(10, "s>c", TcpFlags.Ack, 1, 1, 0, "sack 1449-2897"),
            new(10 + spanMs / 2, "c>s", TcpFlags.Psh | TcpFlags.Ack, 2897, 1, 1448, null),
            new(10 + spanMs, "c>s", TcpFlags.Ack, 1, 1, 1448, null),
        };
        var sim = reference.ToList();
        sim[3] = reference[4] with { TimeMs = 10 };
        sim[4] = reference[5] with { TimeMs = 10 };
        sim[5] = reference[3] with { TimeMs = 10.01 };
        return (sim, reference);
    }

    [Fact]
    public void ThreeSegmentsWithin4ms_InAnotherOrder_StillMatch()
    {
        var (sim, reference) = Rotated(0.03);
        var result = SegmentComparer.Compare(sim, reference, SideMap.Default);
        Assert.True(result.IsFullMatch, result.Summary);
        Assert.Equal(3, result.Rows.Count(r => r.Verdict == SegmentVerdict.MatchSwapped));
    }

    [Fact]
    public void ThreeSegmentsSpanning6ms_InAnotherOrder_Mismatch()
    {
        var (sim, reference) = Rotated(6);
        var result = SegmentComparer.Compare(sim, reference, SideMap.Default);
        Assert.False(result.IsFullMatch);
        Assert.Contains(result.Rows, r => r.Verdict is SegmentVerdict.Missing or SegmentVerdict.Extra);
    }

    [Fact]
    public void TimeLines_StartAtTheFirstSyn()
    {
        var r = Reference("normal");
        var shifted = r.Select(s => s with { TimeMs = s.TimeMs + 5000 }).ToList();
        var result = SegmentComparer.Compare(shifted, r, SideMap.Default);
        Assert.True(result.IsFullMatch, result.Summary);
        Assert.Equal(0, result.Rows[0].Simulated!.TimeMs);
    }

    [Fact]
    public void HandBuiltInjectedRst_MatchesTheStaleSynReference()
    {
        var sim = SegmentsText.FromTrace(TestTraces.InjectedRst());
        var result = SegmentComparer.Compare(sim, Reference("stale-syn"), SideMap.Default);
        Assert.True(result.IsFullMatch, result.Summary);
    }

    [Fact]
    public void WithoutDirMap_ShortNamesDoNotMatchHostNames()
    {
        var sim = SegmentsText.FromTrace(TestTraces.InjectedRst());
        var result = SegmentComparer.Compare(sim, Reference("stale-syn"));
        Assert.Equal(0, result.Matched);
        Assert.All(result.Rows, r => Assert.Contains(r.Verdict, new[] { SegmentVerdict.Missing, SegmentVerdict.Extra }));
    }

    [Fact]
    public void Empty_Lists()
    {
        Assert.True(SegmentComparer.Compare([], []).IsFullMatch);
        var r = Reference("refused");
        Assert.Equal("matched 0 of 2, 0 extra, timing within tolerance: yes", SegmentComparer.Compare([], r).Summary);
    }

    [Fact]
    public void FreshIsnOfANewIncarnation_ComparedByOffsetFromIt()
    {
        // stale-syn-timewait-client: the server's second SYN-ACK carries a fresh ISN, 25634855 after the first on
        // the kernel, another distance in the simulation; what follows is numbered from the ISN it belongs to.
        var reference = Reference("stale-syn-timewait-client");
        var sim = reference.Select(r => r.Dir == "s>c" && r.Seq == 25634855 ? r with { Seq = 3_000_000_000 } : r).ToList();
        var result = SegmentComparer.Compare(sim, reference, SideMap.Default);
        Assert.True(result.IsFullMatch, result.Summary);

        // The old incarnation's numbers still have to agree: an ACK of the fresh ISN instead of the old one differs.
        var wrong = sim.Select(r => r.Dir == "c>s" && r.Flags == TcpFlags.Ack && r.TimeMs > 1000 ? r with { Ack = 3_000_000_001 } : r).ToList();
        var mismatch = SegmentComparer.Compare(wrong, reference, SideMap.Default);
        Assert.False(mismatch.IsFullMatch);
        Assert.Equal(reference.Count - 1, mismatch.Matched);
    }
}
