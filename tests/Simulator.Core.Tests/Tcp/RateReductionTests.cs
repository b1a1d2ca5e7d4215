using Simulator.Core.Tcp;

namespace Simulator.Core.Tests.Tcp;

public sealed class RateReductionTests
{
    [Fact]
    public void Recovery_from_the_initial_window_aims_at_cubic_ssthresh()
    {
        var w = new RateReduction();
        Assert.Equal(10, w.Cwnd);
        w.Start();
        Assert.Equal(7, w.Ssthresh);                                     // 10 × 717 / 1024
    }

    [Fact]
    public void Below_ssthresh_each_delivered_segment_lets_one_go_and_the_first_call_lets_the_fast_retransmit_go()
    {
        var w = new RateReduction();
        w.Start();
        w.OnDelivered(newlyDelivered: 1, newlyLost: 2, unaAdvanced: false, inFlight: 1);
        Assert.Equal(2, w.Cwnd);                                          // room for one
        w.Sent();
        w.OnDelivered(newlyDelivered: 1, newlyLost: 0, unaAdvanced: false, inFlight: 1);
        Assert.Equal(2, w.Cwnd);                                          // prr_delivered 2 − prr_out 1
        w.Sent();
        w.OnDelivered(newlyDelivered: 1, newlyLost: 0, unaAdvanced: true, inFlight: 1);
        Assert.Equal(3, w.Cwnd);                                          // SND.UNA advanced, nothing newly lost: one more
    }

    [Fact]
    public void Above_ssthresh_the_window_shrinks_in_proportion_to_what_is_delivered()
    {
        // With 8 in flight (above ssthresh 7), 7 may leave for every 10 delivered: ceil(7 k / 10) after k.
        var w = new RateReduction();
        w.Start();
        var allowed = new List<int>();
        for (int k = 1; k <= 4; k++)
        {
            w.OnDelivered(newlyDelivered: 1, newlyLost: 0, unaAdvanced: false, inFlight: 8);
            allowed.Add(w.Cwnd - 8);
            for (int i = 0; i < w.Cwnd - 8; i++) w.Sent();
        }
        Assert.Equal([1, 1, 1, 0], allowed);
        w.OnDelivered(newlyDelivered: 0, newlyLost: 0, unaAdvanced: false, inFlight: 3);
        Assert.Equal(8, w.Cwnd);                                          // nothing delivered: unchanged
    }

    [Fact]
    public void Recovery_ends_at_ssthresh_and_the_next_one_starts_from_there()
    {
        var w = new RateReduction();
        w.Start();
        w.End();
        Assert.Equal(7, w.Cwnd);
        w.Start();
        Assert.Equal(4, w.Ssthresh);                                      // 7 × 717 / 1024
    }
}
