using Simulator.Core.Tcp;
using Simulator.Core.Tracing;
using Simulator.Core.Tests.Support;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

public sealed partial class EndpointTests
{
    [Fact]
    public void Listen_Syn_SpawnsChildInSynReceivedAndAnswersSynAck()
    {
        var (h, listener) = Listening();
        listener.OnSegment(FromPeer(TcpFlags.Syn, PeerIss, options: SynOptions(100)));
        var synAck = h.TakeOne();
        var child = Assert.Single(h.Spawned);
        Assert.Equal("server#1", child.Name);
        Assert.Equal(TcpState.SynReceived, child.State);
        Assert.Equal(TcpState.Listen, listener.State);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(Iss, synAck.Seq.Value);
        Assert.Equal(PeerIss + 1, synAck.Ack.Value);
        Assert.True(synAck.Options.HasTimestamp);
        Assert.Equal(100u, synAck.Options.TsEcr);
    }

    [Fact]
    public void Listen_Ack_AnswersResetWithSeqOfSegAck()
    {
        var (h, listener) = Listening();
        listener.OnSegment(FromPeer(TcpFlags.Ack, 7, 777));
        var rst = h.TakeOne();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(777u, rst.Seq.Value);
        Assert.Empty(h.Spawned);
    }

    [Fact]
    public void Listen_Rst_IsIgnored()
    {
        var (h, listener) = Listening();
        listener.OnSegment(FromPeer(TcpFlags.Rst, 7));
        h.AssertSilent();
        Assert.Equal(TcpState.Listen, listener.State);
    }

    [Fact]
    public void Listen_TwoSyns_AcceptsEachAsItsOwnConnection()
    {
        var (h, listener) = Listening();
        listener.OnSegment(FromPeer(TcpFlags.Syn, PeerIss));
        listener.OnSegment(FromPeer(TcpFlags.Syn, PeerIss + 99) with { Source = PeerAddress with { Port = 40001 } });
        Assert.Equal(["server#1", "server#2"], h.Spawned.Select(c => c.Name));
    }

    [Fact]
    public void Listen_Close_EntersClosed()
    {
        var (_, listener) = Listening();
        listener.Close();
        Assert.Equal(TcpState.Closed, listener.State);
    }
}
