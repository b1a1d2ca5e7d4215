using Simulator.Core.Charts;
using Simulator.Core.Time;

namespace Simulator.Core.Tests.Charts;

public sealed class TimeAxisTests
{
    private static SimTime Ms(double ms) => TraceScript.Ms(ms);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1.1, 2)]
    [InlineData(2, 2)]
    [InlineData(2.5, 5)]
    [InlineData(7, 10)]
    [InlineData(11, 20)]
    [InlineData(340, 500)]
    [InlineData(999_999, 1_000_000)]
    [InlineData(1_000_001, 2_000_000)]
    [InlineData(13_100_000_000.0, 20_000_000_000)]
    public void Steps_follow_the_1_2_5_series(double raw, long step) => Assert.Equal(step, NiceStep.AtLeast(raw));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(5, 2)]
    [InlineData(10, 5)]
    [InlineData(20, 10)]
    [InlineData(50, 20)]
    [InlineData(1_000_000, 500_000)]
    public void Step_below_goes_one_notch_down(long step, long below) => Assert.Equal(below, NiceStep.Below(step));

    [Fact]
    public void Multiples_lie_inside_the_range()
    {
        Assert.Equal([0L, 5, 10], NiceStep.Multiples(0, 12, 5));
        Assert.Equal([20L, 40], NiceStep.Multiples(13, 40, 20));
        Assert.Empty(NiceStep.Multiples(1, 4, 5));
        Assert.Equal([-10L, 0], NiceStep.Multiples(-12, 3, 10));
    }

    [Theory]
    [InlineData(0, 1_000_000_000, 1_000_000_000, "0")]
    [InlineData(20_000_000_000, 20_000_000_000, 120_000_000_000, "20 s")]
    [InlineData(60_000_000_000, 500_000_000, 60_120_000_000, "60.0 s")]
    [InlineData(1_020_800_000, 100_000, 1_021_500_000, "1020.8 ms")]
    [InlineData(2_000_000, 100_000, 2_250_000, "2.0 ms")]
    [InlineData(2_100_000, 100_000, 2_250_000, "2.1 ms")]
    [InlineData(50_000, 50_000, 150_000, "50 µs")]
    [InlineData(25_000, 5_000, 30_000, "25 µs")]
    [InlineData(1_500, 500, 2_000, "1.5 µs")]
    [InlineData(20, 10, 900, "20 ns")]
    [InlineData(250_000_000, 50_000_000, 900_000_000, "250 ms")]
    public void Tick_labels_use_the_unit_and_decimals_the_step_needs(long value, long step, long max, string label) =>
        Assert.Equal(label, TimeFormat.Tick(value, step, TimeFormat.TickUnit(step, max)));

    [Theory]
    [InlineData(59_880_000_000, "59.9 s")]
    [InlineData(60_000_000_000, "60.0 s")]
    [InlineData(131_000_000_000, "131 s")]
    [InlineData(1_000_000_000, "1.00 s")]
    [InlineData(999_700_000, "1.00 s")]
    [InlineData(1_780_000, "1.78 ms")]
    [InlineData(100_000, "100 µs")]
    [InlineData(27_000, "27.0 µs")]
    [InlineData(0, "0 s")]
    [InlineData(12, "12 ns")]
    public void Durations_have_three_significant_digits(long ns, string text) =>
        Assert.Equal(text, TimeFormat.Duration(new SimDuration(ns)));

    [Fact]
    public void Instants_are_milliseconds_with_three_decimals() =>
        Assert.Equal("60002.200 ms", TimeFormat.Instant(Ms(60_002.2)));

    [Fact]
    public void A_long_idle_stretch_after_a_short_exchange_is_cut()
    {
        // The Linux reference run "normal": a 2.6 ms exchange, then TIME-WAIT ends 60.5 s in.
        long[] t = [0, 27_000, 41_000, 121_000, 129_000, 2_083_000, 2_092_000, 2_161_000, 2_567_000, 2_572_000, 60_496_975_000];
        var cuts = TimeBreaks.Default.Find(t);
        // The 1.95 ms pause in the exchange is only 3.2 times the rest of it: kept.
        Assert.Equal([(2_572_000L, 60_496_975_000L)], cuts);
    }

    [Fact]
    public void The_cut_rule_is_a_ratio_to_everything_still_shown()
    {
        // Gap of 8 ms next to 2 ms of activity: exactly 4 times the rest is cut, just under is not.
        Assert.Single(TimeBreaks.Default.Find([0, 1_000_000, 2_000_000, 10_000_000]));
        Assert.Empty(TimeBreaks.Default.Find([0, 1_000_000, 2_000_000, 9_999_999]));
        Assert.Single(new TimeBreaks(Ratio: 2).Find([0, 1_000_000, 2_000_000, 6_000_000]));
    }

    [Fact]
    public void Gaps_below_the_minimum_are_never_cut() =>
        Assert.Empty(TimeBreaks.Default.Find([0, 10_000, 20_000, 900_000]));

    [Fact]
    public void Nested_stretches_are_cut_from_the_largest_down()
    {
        // Lost SYN-ACK: 50 µs, a 1 s wait, 160 µs of recovery, then 60 s of TIME-WAIT.
        long[] t = [0, 50_000, 1_000_000_000, 1_000_160_000, 61_000_160_000];
        var cuts = TimeBreaks.Default.Find(t);
        Assert.Equal([(50_000L, 1_000_000_000L), (1_000_160_000L, 61_000_160_000L)], cuts);
    }

    [Fact]
    public void A_doubling_backoff_stays_linear()
    {
        long[] t = [0, .. TestTraces.SynRetransmitSeconds.Select(s => (long)(s * 1e9)), 131_000_000_000];
        Assert.Empty(TimeBreaks.Default.Find(t));
        var axis = TimeAxis.Build(t.Select(x => new SimTime(x)), 100, 1100);
        Assert.False(axis.IsBroken);
        Assert.Equal("Time axis: linear.", axis.ScaleNote);
        Assert.Equal(100, axis.Map(SimTime.Zero), 6);
        Assert.Equal(1100, axis.Map(SimTime.FromSeconds(131)), 6);
        Assert.Equal(["0", "20 s", "40 s", "60 s", "80 s", "100 s", "120 s"], axis.Ticks().Select(x => x.Label));
    }

    [Fact]
    public void A_broken_axis_keeps_the_handshake_and_the_time_wait_readable()
    {
        var times = new[] { 0, 0.05, 0.1, 0.15, 0.2, 2.0, 2.05, 2.1, 2.15, 2.2, 2.25, 60_002.2 }.Select(Ms);
        var axis = TimeAxis.Build(times, 200, 1200);
        Assert.True(axis.IsBroken);
        Assert.Equal(3, axis.Pieces.Count);
        Assert.Equal(2, axis.Cuts.Count);
        Assert.Equal("⋯ 59.9 s ⋯", axis.Cuts[1].Label);
        Assert.StartsWith("Time axis: piecewise linear, 2 idle stretches cut out", axis.ScaleNote);
        // The 50 µs between handshake segments gets real room.
        Assert.True(axis.Map(Ms(0.05)) - axis.Map(Ms(0)) > 40);
        Assert.Equal(200, axis.Start, 6);
        Assert.Equal(1200, axis.End, 6);
        // Pieces and cuts tile the axis without gaps.
        for (int i = 0; i < axis.Cuts.Count; i++)
        {
            Assert.Equal(axis.Pieces[i].P1, axis.Cuts[i].P0, 6);
            Assert.Equal(axis.Cuts[i].P1, axis.Pieces[i + 1].P0, 6);
            Assert.Equal(axis.Pieces[i].T1, axis.Cuts[i].T0);
            Assert.Equal(axis.Cuts[i].T1, axis.Pieces[i + 1].T0);
            Assert.Equal(axis.Options.CutWidth, axis.Cuts[i].P1 - axis.Cuts[i].P0, 6);
        }
        // The lone instant at 60 s sits inside its own piece, with a 60 s tick.
        var last = axis.Pieces[^1];
        Assert.InRange(Ms(60_002.2).Nanoseconds, last.T0 + 1, last.T1 - 1);
        Assert.Contains(axis.Ticks(), t => t.Label == "60.0 s");
    }

    [Fact]
    public void Pieces_get_room_by_how_much_happens_in_them()
    {
        var times = new[] { 0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 60_000 }.Select(Ms);
        var axis = TimeAxis.Build(times, 0, 1000);
        double first = axis.Pieces[0].P1 - axis.Pieces[0].P0, last = axis.Pieces[1].P1 - axis.Pieces[1].P0;
        Assert.True(first > 3 * last);
        Assert.Equal(axis.Options.MinPieceWidth, last, 6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Mapping_is_strictly_increasing_and_continuous(bool broken)
    {
        var times = broken
            ? new[] { 0, 0.03, 0.05, 1000, 1000.2, 1000.7, 61_000.7 }.Select(Ms).ToArray()
            : new[] { 0, 1.0, 2.0, 3.0 }.Select(Ms).ToArray();
        var axis = TimeAxis.Build(times, 50, 1150);
        long end = times[^1].Nanoseconds;
        double previous = double.NegativeInfinity;
        for (long t = -1_000_000; t <= end + 1_000_000; t += Math.Max(1, end / 20_000))
        {
            double p = axis.Map(new SimTime(t));
            Assert.True(p > previous, $"not increasing at {t} ns");
            previous = p;
        }
        foreach (var cut in axis.Cuts)
        {
            Assert.Equal(cut.P0, axis.Map(new SimTime(cut.T0)), 6);
            Assert.Equal(cut.P1, axis.Map(new SimTime(cut.T1)), 6);
            Assert.NotNull(axis.CutAt((cut.T0 + cut.T1) / 2));
        }
        Assert.All(times, t => Assert.Null(axis.CutAt(t.Nanoseconds)));
    }

    [Fact]
    public void Tick_labels_never_touch_and_stay_on_pieces()
    {
        var times = new[] { 0, 0.027, 0.041, 0.121, 0.129, 2.083, 2.092, 2.161, 2.567, 2.572, 60_496.975 }.Select(Ms);
        var axis = TimeAxis.Build(times, 150, 1200);
        var ticks = axis.Ticks();
        Assert.True(ticks.Count >= 4);
        for (int i = 1; i < ticks.Count; i++)
        {
            double gap = ticks[i].At - ticks[i - 1].At
                - (TextMetrics.Width(ticks[i].Label, TextRole.TickLabel) + TextMetrics.Width(ticks[i - 1].Label, TextRole.TickLabel)) / 2;
            Assert.True(gap >= axis.Options.TickLabelGap, $"{ticks[i - 1].Label} and {ticks[i].Label} touch");
        }
        Assert.All(ticks, t => Assert.Contains(axis.Pieces, p => t.At >= p.P0 - 1e-9 && t.At <= p.P1 + 1e-9));
    }

    [Fact]
    public void Degenerate_inputs_give_a_usable_axis()
    {
        var empty = TimeAxis.Build([], 0, 100);
        Assert.False(empty.IsBroken);
        Assert.NotEmpty(empty.Ticks());
        var single = TimeAxis.Build([Ms(5)], 0, 100);
        Assert.Equal(0, single.Map(Ms(5)), 6);
        Assert.NotEmpty(single.Ticks());
    }

    [Fact]
    public void Allocation_honours_the_minimum_and_the_total()
    {
        double[] w = TimeAxis.Allocate([100, 1, 1], 600, 110);
        Assert.Equal(600, w.Sum(), 6);
        Assert.Equal(110, w[1], 6);
        Assert.Equal(110, w[2], 6);
        Assert.Equal(380, w[0], 6);
    }
}
