using Simulator.Core.Charts;
using Simulator.Core.Tcp;

namespace Simulator.Core.Tests.Charts;

public sealed class SegmentTextTests
{
    [Theory]
    [InlineData(TcpFlags.Syn, "SYN")]
    [InlineData(TcpFlags.Syn | TcpFlags.Ack, "SYN,ACK")]
    [InlineData(TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Ack, "FIN,PSH,ACK")]
    [InlineData(TcpFlags.Rst | TcpFlags.Ack, "RST,ACK")]
    [InlineData(TcpFlags.None, "none")]
    public void Flag_names_follow_wireshark_order(TcpFlags flags, string text) => Assert.Equal(text, SegmentText.FlagNames(flags));

    [Fact]
    public void Rows_carry_relative_numbers_arrivals_and_notes()
    {
        var rows = SegmentText.Rows(TestTraces.LostSynAck(), absoluteSeq: false);
        Assert.Equal(7, rows.Count);
        Assert.Equal("SYN seq=0", rows[0].Label);
        Assert.Equal(TraceScript.Ms(0.05), rows[0].DeliveredAt);
        Assert.True(rows[1].Lost);
        Assert.Null(rows[1].DeliveredAt);
        Assert.Equal(["LOST"], rows[1].Notes);
        Assert.Contains("never arrives", rows[1].Tooltip);
        Assert.Equal(["retransmission"], rows[2].Notes);
        Assert.Equal("ACK seq=1 ack=1", rows[^1].Label);
    }

    [Fact]
    public void Rst_without_ack_shows_no_ack()
    {
        var s = new TraceScript("rst");
        s.C2S(0, TcpFlags.Syn, 0, 0);
        s.S2C(0.05, TcpFlags.Syn | TcpFlags.Ack, 0, 1);
        s.C2S(0.1, TcpFlags.Rst, 1, 0, sender: null);
        var rows = SegmentText.Rows(s.Build(1), false);
        Assert.Equal("RST seq=1", rows[2].Label);
        Assert.Equal(["from host stack"], rows[2].Notes);
    }
}
