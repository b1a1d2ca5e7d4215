using System.Globalization;
using Simulator.Core.Export;
using Simulator.Core.Tcp;

namespace Simulator.Core.Fidelity;

public enum SegmentVerdict
{
    /// <summary>Same direction, flags, seq, ack, length and SACK blocks, in order.</summary>
    Match,
    /// <summary>A match in another order than the reference, allowed within a block of up to 4 reference segments less than 4 ms apart.</summary>
    MatchSwapped,
    /// <summary>The simulation sent another segment where the reference has this one.</summary>
    Differs,
    /// <summary>A reference segment with no simulated partner.</summary>
    Missing,
    /// <summary>A simulated segment with no reference partner.</summary>
    Extra,
}

/// <summary>
/// One row of a comparison. Times are rebased to each list's first SYN. <see cref="TimeDiffMs"/> (matches only) is
/// the simulated interval minus the reference interval, both measured from the previous match that precedes this one
/// in both time-lines; <see cref="ToleranceMs"/> is max(4 ms, 12.5 % of the reference interval).
/// </summary>
public sealed record SegmentComparisonRow(
    WireSegment? Reference,
    WireSegment? Simulated,
    SegmentVerdict Verdict,
    double? TimeDiffMs,
    double? ToleranceMs,
    string Detail)
{
    public bool IsMatch => Verdict is SegmentVerdict.Match or SegmentVerdict.MatchSwapped;
    public bool TimingOk => TimeDiffMs is not double d || ToleranceMs is not double tol || Math.Abs(d) <= tol + 1e-9;
}

public sealed record SegmentComparison(IReadOnlyList<SegmentComparisonRow> Rows, int Matched, int ReferenceCount, int Extra, bool TimingOk)
{
    public bool IsFullMatch => Matched == ReferenceCount && Extra == 0 && TimingOk;

    /// <summary><c>matched M of N, K extra, timing within tolerance: yes</c>.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"matched {Matched} of {ReferenceCount}, {Extra} extra, timing within tolerance: {(TimingOk ? "yes" : "no")}");
}

/// <summary>
/// Compares a simulated wire listing with a reference one: both time-lines start at their first SYN; every reference
/// segment must be matched, in order, by a simulated one with the same direction, flags, relative seq and ack,
/// length and SACK blocks (D-SACK marked), except that a block of up to 4 reference segments spanning less than 4 ms may be matched in any
/// order (two hosts a few microseconds apart interleave their segments either way); each match's interval from the previous one must agree within max(4 ms, 12.5 %). Simulated segments without a partner are mismatches.
/// A side's later SYN with a fresh ISN (a new incarnation of the 4-tuple) shows a number that depends on each run's
/// ISNs; numbers are therefore compared as (incarnation, offset from its ISN), the incarnation being the nearest ISN
/// of that side at or below the number.
/// </summary>
public static class SegmentComparer
{
    /// <summary>Beyond this many cells the alignment is greedy instead of optimal.</summary>
    private const long MaxAlignmentCells = 16_000_000;

    /// <param name="dirMap">Applied to the directions of both lists (e.g. <c>c=client,s=server</c>); null: none.</param>
    public static SegmentComparison Compare(IReadOnlyList<WireSegment> simulated, IReadOnlyList<WireSegment> reference, SideMap? dirMap = null)
    {
        dirMap ??= SideMap.Identity;
        var sim = Rebase(dirMap.Apply(simulated));
        var refs = Rebase(dirMap.Apply(reference));
        var refKeys = Keys(refs);
        var simKeys = Keys(sim);
        bool Same(int r, int m) => refKeys[r] == simKeys[m];
        var ops = (long)(sim.Count + 1) * (refs.Count + 1) <= MaxAlignmentCells ? AlignOptimal(refs, sim, Same) : AlignGreedy(refs, sim, Same);
        var rows = BuildRows(refs, sim, ops, Same);
        rows = Time(rows);
        int matched = rows.Count(r => r.IsMatch);
        int extra = sim.Count - matched;
        return new SegmentComparison(rows, matched, refs.Count, extra, rows.All(r => r.TimingOk));
    }

    /// <summary>The listing with times from its first SYN.</summary>
    public static IReadOnlyList<WireSegment> Rebase(IReadOnlyList<WireSegment> segments)
    {
        double t0 = Tolerance.FirstSynMs(segments);
        return segments.Select(s => s with { TimeMs = s.TimeMs - t0 }).ToList();
    }

    private enum Op : byte { SkipRef, SkipSim, Match, Reordered }

    /// <summary>One step of an alignment: <see cref="Size"/> segments of each list for <see cref="Op.Reordered"/>, else one.</summary>
    private readonly record struct Move(Op Op, int Size = 1);

    /// <summary>The most segments one reordered block may hold.</summary>
    private const int MaxReordered = 4;

    /// <summary>What must agree between two segments: direction, flags, numbers by incarnation, length, SACK blocks.</summary>
    private readonly record struct WireKey(string Dir, TcpFlags Flags, int SeqIncarnation, uint Seq, int AckIncarnation, uint Ack, int Len, string? Sack);

    private static WireKey[] Keys(IReadOnlyList<WireSegment> list)
    {
        // Each side's ISNs in the listing's numbering: 0 for its first SYN, then every other SYN seq it sent.
        var isns = new Dictionary<string, List<uint>>(StringComparer.Ordinal);
        List<uint> Of(string side)
        {
            if (!isns.TryGetValue(side, out var l)) isns[side] = l = [0];
            return l;
        }
        foreach (var s in list)
        {
            var l = Of(s.From);
            if (s.Flags.Has(TcpFlags.Syn) && !l.Contains(s.Seq)) l.Add(s.Seq);
        }
        (int, uint) Split(string side, uint value)
        {
            var l = Of(side);
            int best = 0;
            for (int k = 1; k < l.Count; k++)
                if (unchecked(value - l[k]) < unchecked(value - l[best])) best = k;
            return (best, unchecked(value - l[best]));
        }
        return list.Select(s =>
        {
            var (si, seq) = Split(s.From, s.Seq);
            var (ai, ack) = s.Flags.Has(TcpFlags.Ack) ? Split(s.To, s.Ack) : (0, s.Ack);
            return new WireKey(s.Dir, s.Flags, si, seq, ai, ack, s.Len, s.Sack);
        }).ToArray();
    }

    /// <summary>
    /// Reference segments i..i+k, less than 4 ms apart, sent by the simulation as j..j+k in another order (the same
    /// segments, not starting with the same one).
    /// </summary>
    private static bool IsReordered(IReadOnlyList<WireSegment> refs, IReadOnlyList<WireSegment> sim, Func<int, int, bool> same, int i, int j, int k)
    {
        if (i + k > refs.Count || j + k > sim.Count || refs[i + k - 1].TimeMs - refs[i].TimeMs >= Tolerance.SwapWindowMs || same(i, j))
            return false;
        Span<int> partners = stackalloc int[MaxReordered];
        return Partners(same, i, j, k, partners);
    }

    /// <summary>For each of the k reference segments from i, the offset of its partner among the k simulated ones from j.</summary>
    private static bool Partners(Func<int, int, bool> same, int i, int j, int k, Span<int> partners)
    {
        Span<bool> used = stackalloc bool[MaxReordered];
        for (int r = 0; r < k; r++)
        {
            int found = -1;
            for (int m = 0; m < k && found < 0; m++)
                if (!used[m] && same(i + r, j + m)) found = m;
            if (found < 0) return false;
            used[found] = true;
            partners[r] = found;
        }
        return true;
    }

    /// <summary>Longest common subsequence in which blocks of segments less than 4 ms apart may come in any order, as a list of moves.</summary>
    private static List<Move> AlignOptimal(IReadOnlyList<WireSegment> refs, IReadOnlyList<WireSegment> sim, Func<int, int, bool> same)
    {
        int n = refs.Count, m = sim.Count;
        var best = new int[n + 1, m + 1];
        for (int i = n - 1; i >= 0; i--)
        {
            for (int j = m - 1; j >= 0; j--)
            {
                int v = Math.Max(best[i + 1, j], best[i, j + 1]);
                if (same(i, j)) v = Math.Max(v, 1 + best[i + 1, j + 1]);
                for (int k = 2; k <= MaxReordered; k++)
                    if (IsReordered(refs, sim, same, i, j, k)) v = Math.Max(v, k + best[i + k, j + k]);
                best[i, j] = v;
            }
        }
        var ops = new List<Move>();
        int a = 0, b = 0;
        while (a < n || b < m)
        {
            if (a < n && b < m && same(a, b) && best[a, b] == 1 + best[a + 1, b + 1])
            {
                ops.Add(new Move(Op.Match));
                a++;
                b++;
                continue;
            }
            int block = 0;
            for (int k = 2; k <= MaxReordered && block == 0; k++)
                if (IsReordered(refs, sim, same, a, b, k) && best[a, b] == k + best[a + k, b + k]) block = k;
            if (block > 0)
            {
                ops.Add(new Move(Op.Reordered, block));
                a += block;
                b += block;
            }
            else if (b < m && (a == n || best[a, b] == best[a, b + 1]))
            {
                ops.Add(new Move(Op.SkipSim));
                b++;
            }
            else
            {
                ops.Add(new Move(Op.SkipRef));
                a++;
            }
        }
        return ops;
    }

    /// <summary>For very long listings: match, a reordered block, or resynchronise on the nearest match within a short look-ahead.</summary>
    private static List<Move> AlignGreedy(IReadOnlyList<WireSegment> refs, IReadOnlyList<WireSegment> sim, Func<int, int, bool> same)
    {
        const int lookAhead = 64;
        var ops = new List<Move>();
        int a = 0, b = 0;
        while (a < refs.Count && b < sim.Count)
        {
            if (same(a, b))
            {
                ops.Add(new Move(Op.Match));
                a++;
                b++;
                continue;
            }
            int block = 0;
            for (int k = 2; k <= MaxReordered && block == 0; k++)
                if (IsReordered(refs, sim, same, a, b, k)) block = k;
            if (block > 0)
            {
                ops.Add(new Move(Op.Reordered, block));
                a += block;
                b += block;
                continue;
            }
            int simAt = -1, refAt = -1;
            for (int k = 1; k <= lookAhead && simAt < 0 && b + k < sim.Count; k++)
                if (same(a, b + k)) simAt = k;
            for (int k = 1; k <= lookAhead && refAt < 0 && a + k < refs.Count; k++)
                if (same(a + k, b)) refAt = k;
            if (simAt > 0 && (refAt < 0 || simAt <= refAt))
            {
                for (int k = 0; k < simAt; k++) ops.Add(new Move(Op.SkipSim));
                b += simAt;
            }
            else if (refAt > 0)
            {
                for (int k = 0; k < refAt; k++) ops.Add(new Move(Op.SkipRef));
                a += refAt;
            }
            else
            {
                ops.Add(new Move(Op.SkipRef));
                ops.Add(new Move(Op.SkipSim));
                a++;
                b++;
            }
        }
        for (; a < refs.Count; a++) ops.Add(new Move(Op.SkipRef));
        for (; b < sim.Count; b++) ops.Add(new Move(Op.SkipSim));
        return ops;
    }

    private static List<SegmentComparisonRow> BuildRows(IReadOnlyList<WireSegment> refs, IReadOnlyList<WireSegment> sim, List<Move> ops, Func<int, int, bool> same)
    {
        var rows = new List<SegmentComparisonRow>();
        var gapRefs = new List<WireSegment>();
        var gapSims = new List<WireSegment>();
        int a = 0, b = 0;

        void FlushGap()
        {
            // Between two matches: pair what is left by direction, in order; the rest is missing or extra.
            var gap = new List<SegmentComparisonRow>();
            var unpaired = new List<WireSegment>(gapSims);
            foreach (var r in gapRefs)
            {
                var partner = unpaired.FirstOrDefault(s => s.Dir == r.Dir);
                if (partner is not null)
                {
                    unpaired.Remove(partner);
                    gap.Add(new(r, partner, SegmentVerdict.Differs, null, null, Difference(r, partner)));
                }
                else
                {
                    gap.Add(new(r, null, SegmentVerdict.Missing, null, null, "no simulated segment"));
                }
            }
            foreach (var s in unpaired) gap.Add(new(null, s, SegmentVerdict.Extra, null, null, "not in the reference"));
            rows.AddRange(gap.OrderBy(g => (g.Reference ?? g.Simulated)!.TimeMs));
            gapRefs.Clear();
            gapSims.Clear();
        }

        Span<int> partners = stackalloc int[MaxReordered];
        foreach (var move in ops)
        {
            switch (move.Op)
            {
                case Op.SkipRef:
                    gapRefs.Add(refs[a++]);
                    break;
                case Op.SkipSim:
                    gapSims.Add(sim[b++]);
                    break;
                case Op.Match:
                    FlushGap();
                    rows.Add(new(refs[a++], sim[b++], SegmentVerdict.Match, null, null, ""));
                    break;
                case Op.Reordered:
                    FlushGap();
                    Partners(same, a, b, move.Size, partners);
                    for (int r = 0; r < move.Size; r++)
                    {
                        bool inPlace = partners[r] == r;
                        rows.Add(new(refs[a + r], sim[b + partners[r]], inPlace ? SegmentVerdict.Match : SegmentVerdict.MatchSwapped, null, null,
                            inPlace ? "" : "other order (less than 4 ms apart)"));
                    }
                    a += move.Size;
                    b += move.Size;
                    break;
            }
        }
        FlushGap();
        return rows;
    }

    private static List<SegmentComparisonRow> Time(List<SegmentComparisonRow> rows)
    {
        var timed = new List<SegmentComparisonRow>(rows.Count);
        var anchors = new List<(double Ref, double Sim)>();
        foreach (var row in rows)
        {
            if (!row.IsMatch)
            {
                timed.Add(row);
                continue;
            }
            double rt = row.Reference!.TimeMs, st = row.Simulated!.TimeMs;
            (double Ref, double Sim) anchor = (0, 0);
            for (int k = anchors.Count - 1; k >= 0; k--)
            {
                if (anchors[k].Ref <= rt && anchors[k].Sim <= st)
                {
                    anchor = anchors[k];
                    break;
                }
            }
            double refInterval = rt - anchor.Ref;
            double diff = (st - anchor.Sim) - refInterval;
            double tol = Tolerance.For(refInterval);
            string detail = row.Detail;
            if (Math.Abs(diff) > tol + 1e-9)
            {
                detail = string.Create(CultureInfo.InvariantCulture,
                    $"interval {st - anchor.Sim:0.000} ms, reference {refInterval:0.000} ms (tolerance {tol:0.000} ms)");
            }
            timed.Add(row with { TimeDiffMs = diff, ToleranceMs = tol, Detail = detail });
            anchors.Add((rt, st));
        }
        return timed;
    }

    private static string Difference(WireSegment r, WireSegment s)
    {
        var parts = new List<string>();
        if (r.Flags != s.Flags) parts.Add($"flags {Tcp.TcpFlagsExtensions.ToTcpdump(s.Flags)}, reference {Tcp.TcpFlagsExtensions.ToTcpdump(r.Flags)}");
        if (r.Seq != s.Seq) parts.Add(string.Create(CultureInfo.InvariantCulture, $"seq {s.Seq}, reference {r.Seq}"));
        if (r.Ack != s.Ack) parts.Add(string.Create(CultureInfo.InvariantCulture, $"ack {s.Ack}, reference {r.Ack}"));
        if (r.Len != s.Len) parts.Add(string.Create(CultureInfo.InvariantCulture, $"len {s.Len}, reference {r.Len}"));
        if (r.Sack != s.Sack) parts.Add($"{s.Sack ?? "no SACK"}, reference {r.Sack ?? "no SACK"}");
        return string.Join("; ", parts);
    }
}
