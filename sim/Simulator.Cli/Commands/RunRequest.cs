using Simulator.Core.Explain;
using Simulator.Core.Export;

namespace Simulator.Cli.Commands;

/// <summary>What <c>tcpsim run</c> was asked to do. Null options keep the scenario's own value.</summary>
public sealed record RunRequest
{
    public const string DefaultOutputRoot = "output";

    public required IReadOnlyList<string> Paths { get; init; }
    public string OutputRoot { get; init; } = DefaultOutputRoot;
    public ulong? Seed { get; init; }
    public string? Profile { get; init; }
    public bool Quiet { get; init; }
    public bool NoCharts { get; init; }
    public long? MaxEvents { get; init; }
    public PcapTimestamps PcapAt { get; init; } = PcapTimestamps.Sender;
    public bool AbsoluteSeq { get; init; }
    /// <summary>Print the plain-language account of each run after its verdicts.</summary>
    public bool Explain { get; init; }
    public ExplainLanguage Language { get; init; } = ExplainLanguage.En;
}
