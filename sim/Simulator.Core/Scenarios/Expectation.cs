using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Time;

namespace Simulator.Core.Scenarios;

/// <summary>A claim about a run, checked against its trace.</summary>
public abstract record Expectation
{
    public SourceSpan Where { get; init; } = SourceSpan.None;
}

/// <summary>The exact order of state changes of an endpoint (the states it entered, in order).</summary>
public sealed record StatesExpectation(string Endpoint, IReadOnlyList<TcpState> States) : Expectation;

/// <summary>How an endpoint's connect ended (<c>ok</c>, <c>ECONNREFUSED</c>, ...), optionally when.</summary>
public sealed record ConnectExpectation(string Endpoint, string Result, SimTime? At, SimDuration? Within) : Expectation;

/// <summary>The result of an endpoint's first <see cref="Call"/> (<c>read</c> or <c>send</c>): ok, EOF, ECONNRESET, EPIPE...</summary>
public sealed record CallResultExpectation(string Endpoint, string Call, string Result) : Expectation;

/// <summary>The state of an endpoint when the run ended.</summary>
public sealed record FinalStateExpectation(string Endpoint, TcpState State) : Expectation;

/// <summary>
/// One expected wire segment: <c>client>server [S.] 0 1 LOST</c> (seq/ack relative; optional), and optionally its SACK
/// blocks as <c>segments.txt</c> writes them (<c>server>client [.] 1 1 0 sack 1449-2897</c>; null: not checked).
/// </summary>
public sealed record SegmentPattern(string FromHost, string ToHost, TcpFlags Flags, uint? Seq, uint? Ack, int? Length, string? Note, string? Sack = null)
{
    public SourceSpan Where { get; init; } = SourceSpan.None;
}

/// <summary>The wire, in order: every segment line of the run, one pattern each.</summary>
public sealed record SegmentsExpectation(IReadOnlyList<SegmentPattern> Segments) : Expectation;

/// <summary>How many bytes an endpoint delivered that an earlier incarnation of its 4-tuple sent.</summary>
public sealed record StaleBytesExpectation(string Endpoint, long EqualsBytes) : Expectation;

/// <summary>How many segments of a kind a host sent (optionally to one host).</summary>
public sealed record CountExpectation(string From, string? To, SegmentKind Kind, long EqualsCount) : Expectation;

/// <summary>A built-in invariant of <c>tcpsim chaos</c> (or <c>all</c> of them) holds for the run.</summary>
public sealed record InvariantExpectation(string Invariant) : Expectation
{
    public const string AllName = "all";
}
