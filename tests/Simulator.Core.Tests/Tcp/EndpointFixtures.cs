using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using static Simulator.Core.Tests.Support.EndpointHarness;

namespace Simulator.Core.Tests.Tcp;

/// <summary>Chained fixtures: each state is the previous one plus one step.</summary>
internal static class EndpointFixtures
{
    public static (EndpointHarness H, TcpEndpoint Ep) Listening(TcpSettings? settings = null)
    {
        var h = new EndpointHarness();
        var ep = h.Create(settings, "server");
        ep.Listen();
        return (h, ep);
    }

    /// <summary>A listener's child after the peer's SYN: SYN-RECEIVED, SYN-ACK sent.</summary>
    public static (EndpointHarness H, TcpEndpoint Child) SynReceived(TcpSettings? settings = null)
    {
        var (h, listener) = Listening(settings);
        listener.OnSegment(FromPeer(TcpFlags.Syn, PeerIss, options: SynOptions(100)));
        h.Take();
        return (h, h.Spawned.Single());
    }

    public static (EndpointHarness H, TcpEndpoint Ep) SynSent(TcpSettings? settings = null)
    {
        var h = new EndpointHarness();
        var ep = h.Create(settings, "client");
        ep.Connect(PeerAddress);
        h.Take();
        return (h, ep);
    }

    /// <summary>Active open completed: ESTABLISHED, our data starts at ISS+1, the peer's at PeerIss+1.</summary>
    public static (EndpointHarness H, TcpEndpoint Ep) Established(TcpSettings? settings = null)
    {
        var (h, ep) = SynSent(settings);
        h.Advance(SimDuration.FromMicroseconds(30));
        ep.OnSegment(FromPeer(TcpFlags.Syn | TcpFlags.Ack, PeerIss, Iss + 1, options: SynOptions(100)));
        h.Take();
        return (h, ep);
    }

    public static (EndpointHarness H, TcpEndpoint Ep) FinWait1(TcpSettings? settings = null)
    {
        var (h, ep) = Established(settings);
        ep.Close();
        h.Take();
        return (h, ep);
    }

    public static (EndpointHarness H, TcpEndpoint Ep) FinWait2(TcpSettings? settings = null, bool shutdown = false)
    {
        var (h, ep) = Established(settings);
        if (shutdown) ep.Shutdown(); else ep.Close();
        h.Take();
        ep.OnSegment(FromPeer(TcpFlags.Ack, PeerIss + 1, Iss + 2));
        return (h, ep);
    }

    public static (EndpointHarness H, TcpEndpoint Ep) CloseWait(TcpSettings? settings = null)
    {
        var (h, ep) = Established(settings);
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 1));
        h.Advance(SimDuration.FromSeconds(1));
        h.Take();
        return (h, ep);
    }

    public static (EndpointHarness H, TcpEndpoint Ep) LastAck(TcpSettings? settings = null)
    {
        var (h, ep) = CloseWait(settings);
        ep.Close();
        h.Take();
        return (h, ep);
    }

    public static (EndpointHarness H, TcpEndpoint Ep) Closing(TcpSettings? settings = null)
    {
        var (h, ep) = FinWait1(settings);
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 1));
        h.Take();
        return (h, ep);
    }

    public static (EndpointHarness H, TcpEndpoint Ep) TimeWait(TcpSettings? settings = null)
    {
        var (h, ep) = FinWait2(settings);
        ep.OnSegment(FromPeer(TcpFlags.Fin | TcpFlags.Ack, PeerIss + 1, Iss + 2));
        h.Take();
        return (h, ep);
    }
}
