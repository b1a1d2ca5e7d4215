using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;
using static Simulator.Core.Tests.Support.EndpointHarness;
using static Simulator.Core.Tests.Tcp.EndpointFixtures;

namespace Simulator.Core.Tests.Tcp;

/// <summary>The variants that break TCP on purpose (handshake: two-way, time_wait: 0s) and stale-byte tracking.</summary>
public sealed partial class EndpointTests
{
    private static readonly TcpSettings TwoWay = TcpProfiles.LinuxDefaults with { Handshake = HandshakeVariant.TwoWay };
    private static readonly TcpSettings NoTimeWait = TcpProfiles.LinuxDefaults with { TimeWaitOverride = SimDuration.Zero };

    [Fact]
    public void Listen_SynWithTwoWayHandshake_ChildIsEstablishedAsItsSynAckLeaves()
    {
        var (h, listener) = Listening(TwoWay);
        listener.OnSegment(FromPeer(TcpFlags.Syn, PeerIss, options: SynOptions(100)));
        var synAck = h.TakeOne();
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        TcpEndpoint child = h.Spawned.Single();
        Assert.Equal(TcpState.Established, child.State);
        Assert.Equal([TcpState.Established], h.Trace!.OfType<StateChanged>().Where(c => c.Endpoint == child.Name).Select(c => c.To));
        Assert.Contains((child.Name, AppEventKind.Accepted), h.Events);
    }

    [Fact]
    public void Listen_SynWithThreeWayHandshake_ChildWaitsInSynReceivedAndIsNotAccepted()
    {
        var (h, child) = SynReceived();
        Assert.Equal(TcpState.SynReceived, child.State);
        Assert.DoesNotContain((child.Name, AppEventKind.Accepted), h.Events);
    }

    [Fact]
    public void TwoWay_UnansweredSynAck_IsRetransmittedUntilTheDataTimeoutFails()
    {
        var (h, listener) = Listening(TwoWay);
        listener.OnSegment(FromPeer(TcpFlags.Syn, PeerIss, options: SynOptions(100)));
        h.Take();
        TcpEndpoint child = h.Spawned.Single();
        h.Advance(SimDuration.FromSeconds(2000));
        var resent = h.Take();
        Assert.True(resent.Count > 5, $"expected SYN-ACK retransmissions, got {resent.Count}");
        Assert.All(resent, s => Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, s.Flags));
        Assert.Equal(TcpState.Closed, child.State);
        Assert.Equal("ETIMEDOUT", child.Error);
    }

    [Fact]
    public void SynSent_SynAckWithTwoWayHandshake_ActiveOpenStillSendsTheThirdSegment()
    {
        var (h, ep) = SynSent(TwoWay);
        ep.OnSegment(FromPeer(TcpFlags.Syn | TcpFlags.Ack, PeerIss, Iss + 1, options: SynOptions(100)));
        Assert.Equal(TcpState.Established, ep.State);
        Assert.Equal(TcpFlags.Ack, h.TakeOne().Flags);
    }

    [Fact]
    public void FinWait2_FinWithNoTimeWait_AcksAndGoesStraightToClosed()
    {
        var (h, ep) = FinWait2(NoTimeWait);
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 2));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal(PeerIss + 2, h.TakeOne().Ack.Value);
        Assert.DoesNotContain(h.Trace!.OfType<StateChanged>(), c => c.To == TcpState.TimeWait);
    }

    [Fact]
    public void FinWait1_FinAckWithNoTimeWait_GoesStraightToClosed()
    {
        var (h, ep) = FinWait1(NoTimeWait);
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 2));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal(TcpFlags.Ack, h.TakeOne().Flags);
    }

    [Fact]
    public void Closing_AckWithNoTimeWait_GoesStraightToClosed()
    {
        var (_, ep) = Closing(NoTimeWait);
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 2, Iss + 2));
        Assert.Equal(TcpState.Closed, ep.State);
    }

    [Fact]
    public void Closed_AfterNoTimeWait_ConnectsAgainAtOnce()
    {
        var (h, ep) = FinWait2(NoTimeWait);
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 2));
        h.Take();
        ep.Connect(PeerAddress);
        Assert.Equal(TcpState.SynSent, ep.State);
        Assert.Equal(2, ep.Opens);
    }

    [Fact]
    public void LastAck_Rst_EndsTheCloseInError()
    {
        var (h, ep) = LastAck();
        ep.OnSegment(FromPeer(TcpFlags.Rst, PeerIss + 2));
        Assert.Equal(TcpState.Closed, ep.State);
        Assert.Equal("ECONNRESET", ep.Error);
        Assert.Contains((ep.Name, AppEventKind.Failed), h.Events);
    }

    /// <summary>A client ESTABLISHED with the peer's second connection; the peer socket can also send as its first.</summary>
    private static (Support.EndpointHarness H, TcpEndpoint Ep, TcpEndpoint Peer) EstablishedWithSecondIncarnation()
    {
        var h = new Support.EndpointHarness();
        TcpEndpoint peer = h.Create(name: "peer");
        var ep = h.Create(name: "client");
        ep.Connect(PeerAddress);
        ep.OnSegment(FromPeer(TcpFlags.Syn | TcpFlags.Ack, PeerIss, Iss + 1, options: SynOptions(100)) with { Origin = new ConnectionId(peer, 2) });
        return (h, ep, peer);
    }

    [Fact]
    public void Established_DataFromAnEarlierIncarnation_IsCountedAsStale()
    {
        var (h, ep, peer) = EstablishedWithSecondIncarnation();
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 1, Iss + 1, length: 100) with { Origin = new ConnectionId(peer, 1) });
        ep.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 101, Iss + 1, length: 50) with { Origin = new ConnectionId(peer, 2) });
        Assert.Equal(150, ep.BytesReceived);
        Assert.Equal(100, ep.StaleBytesReceived);
        var stale = Assert.Single(h.Trace!.OfType<StaleDataDelivered>());
        Assert.Equal(("client", 100L, PeerIss + 1, "peer", 1), (stale.Endpoint, stale.Bytes, stale.Seq.Value, stale.Sender, stale.SenderConnection));
    }

    [Fact]
    public void Established_OutOfOrderStaleBytes_AreCountedWhenTheyAreDelivered()
    {
        var (_, ep, peer) = EstablishedWithSecondIncarnation();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 101, Iss + 1, length: 100) with { Origin = new ConnectionId(peer, 1) });
        Assert.Equal(0, ep.StaleBytesReceived);
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 1, Iss + 1, length: 100) with { Origin = new ConnectionId(peer, 2) });
        Assert.Equal(200, ep.BytesReceived);
        Assert.Equal(100, ep.StaleBytesReceived);
    }

    [Fact]
    public void SynReceived_TheAckThatCompletesTheHandshake_SaysWhoseConnectionItIs()
    {
        // An old socket's SYN with the same fixed ISN opened the connection; the new socket's ACK completes it, and
        // its data is its own, not stale.
        var h = new Support.EndpointHarness();
        TcpEndpoint peer = h.Create(name: "peer");
        var listener = h.Create(name: "server");
        listener.Listen();
        listener.OnSegment(FromPeer(TcpFlags.Syn, PeerIss, options: SynOptions(100)) with { Origin = new ConnectionId(peer, 1) });
        TcpEndpoint child = h.Spawned.Single();
        Assert.Equal(new ConnectionId(peer, 1), child.Peer);
        child.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 1, Iss + 1, options: Timestamp(300, 0)) with { Origin = new ConnectionId(peer, 2) });
        Assert.Equal(TcpState.Established, child.State);
        Assert.Equal(new ConnectionId(peer, 2), child.Peer);
        child.OnSegment(FromPeer(TcpFlags.Ack | TcpFlags.Psh, PeerIss + 1, Iss + 1, length: 100, options: Timestamp(300, 0)) with { Origin = new ConnectionId(peer, 2) });
        Assert.Equal(0, child.StaleBytesReceived);
    }
}
