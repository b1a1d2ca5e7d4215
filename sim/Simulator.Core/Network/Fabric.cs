using Simulator.Core.Scenarios;
using Simulator.Core.Scheduling;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Network;

/// <summary>
/// Hosts joined by links: carries segments from sender to receiving host, applying targeted faults first, then the
/// link's random loss and duplication, delay, jitter and serialization. Segments in flight live in a slab of
/// structs; the event queue holds only their slot numbers.
/// </summary>
public sealed class Fabric
{
    /// <summary>Event kinds this class handles (see <see cref="EventPayload.Kind"/>).</summary>
    public const int DeliverEvent = 1;
    public const int DuplicateEvent = 2;

    /// <summary>Lag of a copy made by random duplication: it follows the original closely.</summary>
    public static readonly SimDuration RandomDuplicateLag = SimDuration.FromMicroseconds(1);

    private readonly Scheduler _scheduler;
    private readonly Trace? _trace;
    private readonly HostNode[] _hosts;
    private readonly Dictionary<uint, HostNode> _byAddress = [];
    private readonly LinkDirection?[] _links;   // [from * hosts + to]: an array index, not a dictionary lookup per segment
    private readonly FaultTable _faults;
    private InFlight[] _slots = new InFlight[256];
    private readonly Stack<int> _free = new();
    private int _used;
    private long _nextId;

    public Fabric(Scheduler scheduler, Trace? trace, IReadOnlyList<HostNode> hosts, FaultTable faults)
    {
        _scheduler = scheduler;
        _trace = trace is { RecordsWire: true } ? trace : null;   // everything the fabric records is wire
        _hosts = [.. hosts];
        _faults = faults;
        foreach (var h in _hosts) _byAddress[h.Address.Value] = h;
        _links = new LinkDirection?[_hosts.Length * _hosts.Length];
    }

    public long SegmentsSent => _nextId;
    public long SegmentsLost { get; private set; }
    public long Retransmissions { get; private set; }

    /// <summary>When a segment last left or reached a host.</summary>
    public SimTime LastActivity { get; private set; }

    public IReadOnlyList<HostNode> Hosts => _hosts;

    public void AddLink(int from, int to, LinkDirection direction) => _links[from * _hosts.Length + to] = direction;

    public HostNode? HostAt(Ipv4Address address) => _byAddress.GetValueOrDefault(address.Value);

    /// <summary>When the link from <paramref name="from"/> to <paramref name="to"/> can start on a new segment (now when idle or without one).</summary>
    public SimTime TransmitterFreeAt(HostNode from, Ipv4Address to)
    {
        HostNode? toHost = HostAt(to);
        LinkDirection? link = toHost is null ? null : _links[from.Index * _hosts.Length + toHost.Index];
        return link?.FreeAt(_scheduler.Now) ?? _scheduler.Now;
    }

    /// <summary>
    /// A segment leaves <paramref name="from"/>: sent by an endpoint, by a host's stack, or injected. Returns when the
    /// link's transmitter starts on it: now, or later behind segments still being serialized (link bandwidth).
    /// </summary>
    public SimTime Transmit(HostNode from, in Segment segment, string? sender, bool retransmission, bool injected = false)
    {
        SimTime now = _scheduler.Now;
        long id = ++_nextId;
        LastActivity = now;
        if (retransmission) Retransmissions++;
        HostNode? to = HostAt(segment.Destination.Ip);
        LinkDirection? link = to is null ? null : _links[from.Index * _hosts.Length + to.Index];
        if (to is null || link is null)
        {
            SegmentsLost++;
            _trace?.Add(new SegmentSent(now, id, from.Name, to?.Name ?? segment.Destination.Ip.ToString(), segment,
                SegmentFate.Lost, sender, retransmission, null, "no route"));
            return now;
        }

        SegmentFate fate = injected ? SegmentFate.Injected : SegmentFate.Delivered;
        string? cause = null;
        SimDuration hold = SimDuration.Zero;
        SimDuration? copyLag = null;
        int rule = injected ? -1 : _faults.Select(from.Name, to.Name, segment, now);
        if (rule >= 0)
        {
            FaultRule r = _faults[rule];
            cause = $"fault {rule + 1}: {r.Describe()}";
            switch (r.Action)
            {
                case FaultAction.Drop: fate = SegmentFate.Lost; break;
                case FaultAction.Delay: fate = SegmentFate.Delayed; hold = r.By; break;
                case FaultAction.Duplicate: copyLag = r.By; break;
            }
        }
        // Random draws happen for every segment, so whether a fault fired never shifts the link's stream.
        bool randomLoss = !injected && link.DrawLoss();
        bool randomCopy = !injected && link.DrawDuplicate();
        if (randomLoss && fate != SegmentFate.Lost)
        {
            fate = SegmentFate.Lost;
            cause = "random loss";
        }
        if (randomCopy && copyLag is null && fate != SegmentFate.Lost) copyLag = RandomDuplicateLag;

        SimTime arrival = link.Transit(now, segment.IpLength, out SimTime departs) + hold;
        bool lost = fate == SegmentFate.Lost;
        if (lost) SegmentsLost++;
        _trace?.Add(new SegmentSent(now, id, from.Name, to.Name, segment, fate, sender, retransmission, lost ? null : arrival, cause));
        if (rule >= 0)
            _trace?.Add(new FaultApplied(now, rule + 1, _faults[rule].Describe(), id, _faults[rule].Action.ToString().ToLowerInvariant()));
        if (!lost) _scheduler.Schedule(arrival, new EventPayload(DeliverEvent, Store(id, from, to, segment), 0));
        if (copyLag is SimDuration lag) _scheduler.Schedule(now + lag, new EventPayload(DuplicateEvent, Store(id, from, to, segment), 0));
        return departs;
    }

    /// <summary>The network puts a copy of a segment on the wire (fate <see cref="SegmentFate.Duplicate"/>).</summary>
    public void OnDuplicate(int slot)
    {
        InFlight f = Take(slot);
        HostNode from = _hosts[f.From], to = _hosts[f.To];
        long id = ++_nextId;
        LastActivity = _scheduler.Now;
        SimTime arrival = _links[f.From * _hosts.Length + f.To]!.Transit(_scheduler.Now, f.Segment.IpLength, out _);
        _trace?.Add(new SegmentSent(_scheduler.Now, id, from.Name, to.Name, f.Segment, SegmentFate.Duplicate, null, false, arrival, $"copy of segment {f.Id}"));
        _scheduler.Schedule(arrival, new EventPayload(DeliverEvent, Store(id, from, to, f.Segment), 0));
    }

    /// <summary>A segment reaches its host: the connection, else the listener, else the CLOSED reply.</summary>
    public void OnDeliver(int slot)
    {
        InFlight f = Take(slot);
        HostNode host = _hosts[f.To];
        LastActivity = _scheduler.Now;
        TcpEndpoint? ep = host.Find(f.Segment);
        _trace?.Add(new SegmentDelivered(_scheduler.Now, f.Id, host.Name, ep?.Name));
        if (ep is not null) ep.OnSegment(f.Segment);
        else if (HostNode.TryAnswerClosed(f.Segment, out var reset)) Transmit(host, reset, null, false);
    }

    private int Store(long id, HostNode from, HostNode to, in Segment segment)
    {
        int slot;
        if (_free.Count > 0) slot = _free.Pop();
        else
        {
            if (_used == _slots.Length) Array.Resize(ref _slots, _slots.Length * 2);
            slot = _used++;
        }
        _slots[slot] = new InFlight(segment, id, from.Index, to.Index);
        return slot;
    }

    private InFlight Take(int slot)
    {
        InFlight f = _slots[slot];
        _free.Push(slot);
        return f;
    }

    private readonly record struct InFlight(Segment Segment, long Id, int From, int To);
}
