using Simulator.Core.Chaos;
using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Time;

namespace Simulator.Core.Scenarios;

/// <summary>Where a scenario element was written, for messages (file:line:col); empty when built in code.</summary>
public readonly record struct SourceSpan(string File, int Line, int Column)
{
    public static readonly SourceSpan None = new("", 0, 0);
    public override string ToString() => File.Length == 0 ? "" : $"{File}:{Line}:{Column}";
}

/// <summary>A validated scenario: plain records, names already checked to refer to something.</summary>
public sealed record Scenario
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public ulong Seed { get; init; } = 1;
    public string Profile { get; init; } = TcpProfiles.Linux;
    public SimTime? Until { get; init; }
    public required IReadOnlyList<HostSpec> Hosts { get; init; }
    public IReadOnlyList<LinkSpec> Links { get; init; } = [];
    public IReadOnlyList<FaultRule> Faults { get; init; } = [];
    public required IReadOnlyList<EndpointSpec> Endpoints { get; init; }
    public IReadOnlyList<InjectSpec> Injections { get; init; } = [];
    public IReadOnlyList<Expectation> Expectations { get; init; } = [];
    /// <summary>Bounds for <c>tcpsim chaos</c> (the <c>chaos:</c> section); null: the defaults.</summary>
    public ChaosBounds? Chaos { get; init; }
    public string SourceFile { get; init; } = "";
}

/// <summary>A host; <see cref="EphemeralPorts"/> null: Linux's default range 32768-60999.</summary>
public sealed record HostSpec(string Name, Ipv4Address Address, PortRange? EphemeralPorts = null);

/// <summary>One direction of a link. <see cref="BandwidthBitsPerSecond"/> null: no serialization delay.</summary>
public sealed record LinkDirectionSpec(
    SimDuration Delay,
    SimDuration Jitter,
    double Loss,
    double Duplicate,
    long? BandwidthBitsPerSecond)
{
    public static readonly LinkDirectionSpec Ideal = new(SimDuration.Zero, SimDuration.Zero, 0, 0, null);
}

/// <summary>A bidirectional link between hosts <see cref="A"/> and <see cref="B"/>, with settings per direction.</summary>
public sealed record LinkSpec(string A, string B, LinkDirectionSpec AToB, LinkDirectionSpec BToA);

public enum FaultAction { Drop, Delay, Duplicate }

/// <summary>
/// A targeted fault: segments that match (sender host, optional receiver host, kind, send-time window) are counted
/// per rule; the rule acts on the <see cref="Nth"/> match, or on the first <see cref="Count"/> matches (null: all).
/// <see cref="By"/> is the hold time of a delay, or the lag of a duplicate's copy.
/// </summary>
public sealed record FaultRule
{
    public required FaultAction Action { get; init; }
    public required string From { get; init; }
    public string? To { get; init; }
    public SegmentKind Kind { get; init; } = SegmentKind.Any;
    public int? Nth { get; init; }
    public int? Count { get; init; }
    public SimTime? SentAfter { get; init; }
    public SimTime? SentBefore { get; init; }
    public SimDuration By { get; init; }
    public SourceSpan Where { get; init; } = SourceSpan.None;

    /// <summary>Does match number <paramref name="matchIndex"/> (1-based) of this rule get the action?</summary>
    public bool Fires(long matchIndex) =>
        Nth is int n ? matchIndex == n : Count is int c ? matchIndex <= c : true;

    public string Describe()
    {
        string action = Action switch
        {
            FaultAction.Drop => "drop",
            FaultAction.Delay => $"delay by {By}",
            _ => $"duplicate (copy after {By})",
        };
        string which = Nth is int n ? $"#{n}" : Count is int c ? $"first {c}" : "every";
        string to = To is null ? "" : $">{To}";
        return $"{action} {which} {Kind.ToScenarioName()} {From}{to}";
    }
}

public enum AppActionKind { Listen, Connect, Send, Close, Shutdown, Abort, Read, Accept }

/// <summary>
/// What an application step does. <see cref="Target"/> for connect: an endpoint name or <c>host:port</c>.
/// <see cref="Bytes"/>: for send, the bytes written; for read, the bytes to wait for (0: what has arrived).
/// <see cref="Backlog"/>: listen()'s backlog (null: SOMAXCONN).
/// </summary>
public sealed record AppAction(AppActionKind Kind, string? Target = null, long Bytes = 0, int? Backlog = null)
{
    public override string ToString() => Kind switch
    {
        AppActionKind.Connect => $"connect {Target}",
        AppActionKind.Send => $"send {Bytes}",
        AppActionKind.Read when Bytes > 0 => $"read {Bytes}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

public enum AppEventKind { Established, Accepted, Eof, Closed, Failed, Received }

/// <summary>When a step runs: at a time, or on an endpoint event (<see cref="Bytes"/> for <c>received N</c>).</summary>
public abstract record Trigger;
public sealed record AtTrigger(SimTime At) : Trigger;
public sealed record OnTrigger(AppEventKind Event, long Bytes = 0) : Trigger;

public sealed record AppStep(Trigger Trigger, SimDuration After, AppAction Action)
{
    public SourceSpan Where { get; init; } = SourceSpan.None;
}

public sealed record EndpointSpec(string Name, string Host, ushort? Port, TcpOverrides? Tcp, IReadOnlyList<AppStep> Steps)
{
    public SourceSpan Where { get; init; } = SourceSpan.None;
    /// <summary><c>reads: manual</c>: received data waits in the receive buffer until a <c>read</c> step.</summary>
    public bool ManualReads { get; init; }
    /// <summary><c>accepts: manual</c>: completed connections wait in the accept queue until an <c>accept</c> step.</summary>
    public bool ManualAccepts { get; init; }
}

/// <summary>A raw segment put on the wire at <see cref="At"/> (old duplicates, probes).</summary>
public sealed record InjectSpec(
    SimTime At,
    string FromHost,
    ushort FromPort,
    string ToHost,
    ushort ToPort,
    TcpFlags Flags,
    uint Seq,
    uint Ack,
    int Length)
{
    public SourceSpan Where { get; init; } = SourceSpan.None;
}
