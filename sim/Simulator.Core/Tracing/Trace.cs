using Simulator.Core.Network;

namespace Simulator.Core.Tracing;

/// <summary>A host of the scenario, as outputs need it (name and address).</summary>
public sealed record HostInfo(string Name, Ipv4Address Address);

/// <summary>
/// The append-only record of a run. Expectations, text, JSONL, pcap and charts read this and nothing else.
/// </summary>
public sealed class Trace
{
    private readonly List<TraceEvent> _events = [];

    /// <param name="recordsWire">False: segments, deliveries, faults and timers are left out; state changes and
    /// application calls and results (the lifecycle) are kept. Many-run sweeps record only what their rows need.</param>
    public Trace(string scenario, string? description, ulong seed, string profile, IReadOnlyList<HostInfo> hosts, bool recordsWire = true)
    {
        RecordsWire = recordsWire;
        Scenario = scenario;
        Description = description;
        Seed = seed;
        Profile = profile;
        Hosts = hosts;
    }

    public string Scenario { get; }
    public string? Description { get; }
    public ulong Seed { get; }
    public string Profile { get; }
    public IReadOnlyList<HostInfo> Hosts { get; }
    public bool RecordsWire { get; }
    public IReadOnlyList<TraceEvent> Events => _events;

    public void Add(TraceEvent e)
    {
        if (_events.Count > 0 && e.Time < _events[^1].Time)
            throw new InvalidOperationException($"trace is append-only in time order: {e} after {_events[^1]}");
        _events.Add(e);
    }

    public IEnumerable<T> OfType<T>() where T : TraceEvent => _events.OfType<T>();
}
