using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Time;

namespace Simulator.Core.Chaos;

/// <summary>
/// How wild a random fault schedule may be: the scenario's <c>chaos:</c> section, or <c>tcpsim chaos</c>'s options.
/// A fault acts on one of the first <see cref="MaxNth"/> matches (or on that many); a delay holds a segment up to
/// <see cref="MaxDelay"/>; each link direction gets, with probability <see cref="NoiseChance"/>, random loss,
/// duplication and jitter up to the maxima (jitter beyond the spacing of segments reorders them).
/// </summary>
public sealed record ChaosBounds
{
    public const double NoiseChance = 0.25;

    public static readonly ChaosBounds Default = new();

    public int MaxFaults { get; init; } = 3;
    public IReadOnlyList<FaultAction> Actions { get; init; } = [FaultAction.Drop, FaultAction.Delay, FaultAction.Duplicate];
    public IReadOnlyList<SegmentKind> Kinds { get; init; } =
        [SegmentKind.Syn, SegmentKind.SynAck, SegmentKind.Ack, SegmentKind.Data, SegmentKind.Fin, SegmentKind.Rst, SegmentKind.Any];
    public int MaxNth { get; init; } = 3;
    public SimDuration MaxDelay { get; init; } = SimDuration.FromSeconds(3);
    public double MaxLoss { get; init; } = 0.2;
    public double MaxDuplicate { get; init; } = 0.1;
    public SimDuration MaxJitter { get; init; } = SimDuration.FromMilliseconds(5);

    public bool HasNoise => MaxLoss > 0 || MaxDuplicate > 0 || MaxJitter > SimDuration.Zero;
}
