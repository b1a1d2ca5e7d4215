using Simulator.Core.Tcp;

namespace Simulator.Core.Network;

/// <summary>
/// A host's TCP demultiplexer: connections by (local port, remote address), then listeners by local port.
/// A segment that finds neither is answered as RFC 9293 3.10.7.1 says for CLOSED.
/// </summary>
public sealed class HostNode
{
    private readonly Dictionary<ulong, TcpEndpoint> _connections = [];
    private readonly Dictionary<ushort, TcpEndpoint> _listeners = [];
    private readonly HashSet<ushort> _boundPorts = [];

    public HostNode(int index, string name, Ipv4Address address, PortRange? ephemeralPorts = null)
    {
        Index = index;
        Name = name;
        Address = address;
        Ports = new PortAllocator(this, ephemeralPorts ?? PortRange.Linux);
    }

    /// <summary>Where connect() finds a local port (ip_local_port_range, __inet_hash_connect).</summary>
    public PortAllocator Ports { get; }

    public int Index { get; }
    public string Name { get; }
    public Ipv4Address Address { get; }

    public bool IsBound(ushort port) => _boundPorts.Contains(port);
    public void Bind(ushort port) => _boundPorts.Add(port);

    public void AddConnection(TcpEndpoint ep) => _connections[ConnectionKey(ep.Local.Port, ep.Remote)] = ep;

    public void RemoveConnection(TcpEndpoint ep)
    {
        ulong key = ConnectionKey(ep.Local.Port, ep.Remote);
        if (_connections.TryGetValue(key, out var current) && ReferenceEquals(current, ep)) _connections.Remove(key);
    }

    public void AddListener(TcpEndpoint ep) => _listeners[ep.Local.Port] = ep;

    public void RemoveListener(TcpEndpoint ep)
    {
        if (_listeners.TryGetValue(ep.Local.Port, out var current) && ReferenceEquals(current, ep)) _listeners.Remove(ep.Local.Port);
    }

    public TcpEndpoint? Find(in Segment s)
    {
        if (_connections.TryGetValue(ConnectionKey(s.Destination.Port, s.Source), out var ep)) return ep;
        return _listeners.GetValueOrDefault(s.Destination.Port);
    }

    public TcpEndpoint? FindListener(ushort port) => _listeners.GetValueOrDefault(port);

    /// <summary>The socket that holds the 4-tuple (this host, <paramref name="localPort"/>, <paramref name="remote"/>), TIME-WAIT included.</summary>
    public TcpEndpoint? FindConnection(ushort localPort, TransportAddress remote) =>
        _connections.GetValueOrDefault(ConnectionKey(localPort, remote));

    /// <summary>
    /// The reply of a port with no socket (RFC 9293 3.10.7.1): nothing to an RST; to a segment with ACK,
    /// &lt;SEQ=SEG.ACK&gt;&lt;CTL=RST&gt;; otherwise &lt;SEQ=0&gt;&lt;ACK=SEG.SEQ+SEG.LEN&gt;&lt;CTL=RST,ACK&gt;.
    /// </summary>
    public static bool TryAnswerClosed(in Segment s, out Segment reset)
    {
        reset = default;
        if (s.Is(TcpFlags.Rst)) return false;
        reset = s.Is(TcpFlags.Ack)
            ? new Segment(s.Destination, s.Source, s.Ack, default, TcpFlags.Rst, 0, 0, TcpOptions.None)
            : new Segment(s.Destination, s.Source, default, s.Seq + s.SequenceLength, TcpFlags.Rst | TcpFlags.Ack, 0, 0, TcpOptions.None);
        return true;
    }

    /// <summary>
    /// (local port, remote address, remote port) packed into 64 bits: one ulong to hash and compare per segment
    /// instead of a record struct of nested records.
    /// </summary>
    private static ulong ConnectionKey(ushort localPort, TransportAddress remote) =>
        ((ulong)localPort << 48) | ((ulong)remote.Port << 32) | remote.Ip.Value;
}
