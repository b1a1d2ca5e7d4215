using Simulator.Core.Tcp;
using Simulator.Core.Time;

namespace Simulator.Core.Tests.Tcp;

/// <summary>RACK's state and arithmetic (RFC 8985; Linux tcp_rack_advance, tcp_rack_reo_wnd, tcp_rack_skb_timeout).</summary>
public sealed class RackTests
{
    private static readonly SimDuration MinRtt = SimDuration.FromMicroseconds(40);
    private static readonly SimDuration Srtt = SimDuration.FromMicroseconds(60);
    private static SimTime At(long us) => SimTime.Zero + SimDuration.FromMicroseconds(us);

    [Fact]
    public void ReorderWindow_QuarterMinRtt_ButZeroInRecoveryOrOnceThresholdSegmentsAreSacked()
    {
        var rack = new Rack();
        Assert.Equal(SimDuration.FromMicroseconds(10), rack.ReorderWindow(false, 2, 3, MinRtt, Srtt));
        Assert.Equal(SimDuration.Zero, rack.ReorderWindow(true, 0, 3, MinRtt, Srtt));
        Assert.Equal(SimDuration.Zero, rack.ReorderWindow(false, 3, 3, MinRtt, Srtt));
        // Never above SRTT.
        Assert.Equal(SimDuration.FromMicroseconds(5), rack.ReorderWindow(false, 0, 3, MinRtt * 100, SimDuration.FromMicroseconds(5)));
    }

    [Fact]
    public void ReorderWindow_AfterReordering_StaysOpenEvenInRecovery()
    {
        var rack = new Rack { ReorderingSeen = true };
        Assert.Equal(SimDuration.FromMicroseconds(10), rack.ReorderWindow(true, 5, 3, MinRtt, Srtt));
    }

    [Fact]
    public void Advance_KeepsTheLatestSent_AndSkipsAResendDeliveredSoonerThanMinRtt()
    {
        var rack = new Rack();
        rack.Advance(false, new SeqNum(200), At(10), At(50), MinRtt);
        Assert.True(rack.Advanced);
        Assert.Equal(SimDuration.FromMicroseconds(40), rack.Rtt);
        Assert.True(rack.SentBefore(At(5), new SeqNum(100)));
        Assert.True(rack.SentBefore(At(10), new SeqNum(100)));            // same time, lower sequence: sent before
        Assert.False(rack.SentBefore(At(10), new SeqNum(300)));
        rack.Advanced = false;
        rack.Advance(true, new SeqNum(400), At(45), At(60), MinRtt);      // 15 us: maybe the original arrived
        Assert.False(rack.Advanced);
        Assert.False(rack.SentBefore(At(20), new SeqNum(300)));
    }

    [Fact]
    public void Remaining_IsRackRttPlusWindowLessTheSegmentsAge()
    {
        var rack = new Rack();
        rack.Advance(false, new SeqNum(200), At(20), At(60), MinRtt);     // rack.rtt 40 us
        SimDuration reo = SimDuration.FromMicroseconds(10);
        Assert.Equal(SimDuration.FromMicroseconds(10), rack.Remaining(At(20), reo, At(60)));
        Assert.Equal(SimDuration.FromMicroseconds(-10), rack.Remaining(At(0), reo, At(60)));
    }
}
