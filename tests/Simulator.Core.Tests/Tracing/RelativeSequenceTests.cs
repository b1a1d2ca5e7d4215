using Simulator.Core.Export;
using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.TraceOutput;

public sealed class RelativeSequenceTests
{
    private static readonly TransportAddress C = new(ScenarioBuilder.Ip("10.77.0.1"), 40001);
    private static readonly TransportAddress S = new(ScenarioBuilder.Ip("10.77.0.2"), 5000);

    private static Segment Seg(TransportAddress from, TransportAddress to, TcpFlags flags, uint seq, uint ack = 0) =>
        new(from, to, new SeqNum(seq), new SeqNum(ack), flags, 0, 65535, TcpOptions.None);

    private static List<(int Seq, int Ack)> Number(params Segment[] wire)
    {
        var rel = new RelativeSequence(wire);
        return wire.Select(s => rel.Next(s)).Select(r => (RelativeSequence.Signed(r.Seq), RelativeSequence.Signed(r.Ack))).ToList();
    }

    [Fact]
    public void LaterSynWithFreshIsn_IsNumberedFromTheFirstSynAndNeverRebases()
    {
        // stale-syn-timewait-client: an old SYN reopens the 4-tuple; the server answers with a fresh ISN, the client's
        // TIME-WAIT answers with the old connection's ACK.
        var numbers = Number(
            Seg(C, S, TcpFlags.Syn, 1000),
            Seg(S, C, TcpFlags.Syn | TcpFlags.Ack, 7000, 1001),
            Seg(C, S, TcpFlags.Ack, 1001, 7001),
            Seg(C, S, TcpFlags.Syn, 1000),                        // the old duplicate SYN
            Seg(S, C, TcpFlags.Syn | TcpFlags.Ack, 9_007_000, 1001), // a fresh ISN
            Seg(C, S, TcpFlags.Ack, 1102, 7102),                  // TIME-WAIT: the old incarnation's numbers
            Seg(S, C, TcpFlags.Rst, 7102));
        Assert.Equal([(0, 0), (0, 1), (1, 1), (0, 0), (9_000_000, 1), (102, 102), (102, 0)], numbers);
    }

    [Fact]
    public void OlderIsn_ShowsAsANegativeDifference_AndParsesBack()
    {
        var numbers = Number(Seg(C, S, TcpFlags.Syn, 1000), Seg(C, S, TcpFlags.Syn, 995));
        Assert.Equal([(0, 0), (-5, 0)], numbers);
        var parsed = SegmentsText.Parse("1.000 c>s [S] -5 0 0 40001:5000\n");
        Assert.Equal(unchecked((uint)-5), parsed[0].Seq);
        Assert.Equal("1.000 c>s [S] -5 0 0", parsed[0].ToLine());
    }

    [Fact]
    public void SideWithoutSyn_CountsFromItsFirstSegment_UnlessItSendsASynLater()
    {
        // The first SYN of a side is its base even when that side's first segment was something else.
        var numbers = Number(Seg(S, C, TcpFlags.Rst, 500), Seg(S, C, TcpFlags.Syn, 400));
        Assert.Equal([(100, 0), (0, 0)], numbers);
        // An ACK for a side never seen: SEG.ACK − 1 becomes its base.
        Assert.Equal([(0, 1)], Number(Seg(C, S, TcpFlags.Ack, 1000, 777)));
    }
}
