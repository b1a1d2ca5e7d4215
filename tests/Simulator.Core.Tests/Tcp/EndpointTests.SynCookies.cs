using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using Simulator.Core.Tracing;
using static Simulator.Core.Tests.Support.EndpointHarness;

namespace Simulator.Core.Tests.Tcp;

/// <summary>The SYN queue and SYN cookies (inet_csk_reqsk_queue_is_full, tcp_syn_flood_action, cookie_v4_check).</summary>
public class EndpointSynCookieTests
{
    private static Segment From(ushort peerPort, TcpFlags flags, uint seq, uint ack = 0, int length = 0) =>
        FromPeer(flags, seq, ack, length, flags.Has(TcpFlags.Syn) ? SynOptions(100) : null) with { Source = new TransportAddress(PeerAddress.Ip, peerPort) };

    /// <summary>syn-cookies: backlog 0 and one connection half-open (its final ACK lost): the SYN queue is full.</summary>
    private static (EndpointHarness H, TcpEndpoint Listener) SynQueueFull(TcpSettings? settings = null)
    {
        var h = new EndpointHarness();
        var listener = h.Create(settings, "server");
        listener.Listen(backlog: 0);
        listener.OnSegment(From(40001, TcpFlags.Syn, PeerIss));
        h.Take();
        Assert.Equal(1, listener.SynQueueLength);
        return (h, listener);
    }

    [Fact]
    public void SynQueueFull_SynIsAnsweredWithACookie_AndNothingIsKept()
    {
        var (h, listener) = SynQueueFull();
        listener.OnSegment(From(40002, TcpFlags.Syn, PeerIss));
        Segment synAck = h.TakeOne();
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(40002, synAck.Destination.Port);
        Assert.Equal(PeerIss + 1, synAck.Ack.Value);
        Assert.Equal((ushort)1460, synAck.Options.Mss);
        Assert.True(synAck.Options.HasTimestamp);                         // with timestamps the cookie keeps scale and SACK
        Assert.Equal(7, synAck.Options.WindowScale);
        Assert.Single(h.Spawned);                                         // no connection for c2
        Assert.Contains(h.Trace!.OfType<AppResult>(), r => r.Event == "syn_flood" && r.Result == "SYN cookie sent");
        h.Advance(SimDuration.FromSeconds(1));
        Assert.All(h.Take(), s => Assert.Equal(40001, s.Destination.Port)); // only c1's SYN-ACK is resent
    }

    [Fact]
    public void CookieValidatedByData_ConnectionIsMadeAndTakesIt()
    {
        var (h, listener) = SynQueueFull();
        listener.OnSegment(From(40002, TcpFlags.Syn, PeerIss));
        uint cookie = h.TakeOne().Seq.Value;
        h.Advance(SimDuration.FromMilliseconds(400));
        listener.OnSegment(From(40002, TcpFlags.Ack | TcpFlags.Psh, PeerIss + 1, cookie + 1, length: 100));
        TcpEndpoint child = h.Spawned[1];
        Assert.Equal(TcpState.Established, child.State);
        Assert.Equal(100, child.BytesReceived);
        Segment ack = h.TakeOne();
        Assert.Equal((cookie + 1, PeerIss + 101), (ack.Seq.Value, ack.Ack.Value));
        Assert.Equal(1, listener.SynQueueLength);                          // c1 still half-open; c2 never was
    }

    [Fact]
    public void AckForNoCookie_IsReset()
    {
        var (h, listener) = SynQueueFull();
        listener.OnSegment(From(40002, TcpFlags.Syn, PeerIss));
        uint cookie = h.TakeOne().Seq.Value;
        listener.OnSegment(From(40002, TcpFlags.Ack, PeerIss + 1, cookie + 2));
        Assert.Equal(TcpFlags.Rst, h.TakeOne().Flags);
        Assert.Single(h.Spawned);
    }

    [Fact]
    public void WithoutCookies_SynForAFullSynQueueIsDropped()
    {
        var (h, listener) = SynQueueFull(TcpProfiles.LinuxDefaults with { SynCookies = false });
        listener.OnSegment(From(40002, TcpFlags.Syn, PeerIss));
        h.AssertSilent();
        Assert.Contains(h.Trace!.OfType<AppResult>(), r => r.Event == "syn_flood" && r.Result == "SYN dropped");
    }

    [Fact]
    public void FullAcceptQueue_DropsTheSynThatWouldGetACookie()
    {
        // tcp_conn_request: the accept-queue test follows the cookie decision and drops the SYN anyway.
        var (h, listener) = SynQueueFull(TcpProfiles.LinuxDefaults with { ManualAccepts = true });
        listener.OnSegment(From(40002, TcpFlags.Syn, PeerIss));
        uint cookie = h.TakeOne().Seq.Value;
        listener.OnSegment(From(40002, TcpFlags.Ack, PeerIss + 1, cookie + 1));
        Assert.Equal(1, listener.AcceptQueueLength);                       // backlog 0: the accept queue is full
        listener.OnSegment(From(40003, TcpFlags.Syn, PeerIss));
        h.AssertSilent();
        Assert.Contains(h.Trace!.OfType<AppResult>(), r => r.Event == "listen_overflow" && r.Result == "SYN dropped");
        Assert.Single(h.Trace!.OfType<AppResult>(), r => r.Result == "SYN cookie sent");   // c2's only
    }
}
