using System.Globalization;
using Simulator.Core.Scenarios;
using Simulator.Core.Time;

namespace Simulator.Core.Chaos;

/// <summary>Random trouble added to one direction of a link, on top of what the scenario gives it.</summary>
public sealed record LinkNoise(string From, string To, double Loss, double Duplicate, SimDuration Jitter)
{
    public bool IsQuiet => Loss == 0 && Duplicate == 0 && Jitter == SimDuration.Zero;

    public string Describe()
    {
        var parts = new List<string>();
        if (Loss > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"loss +{Loss:0.####}"));
        if (Duplicate > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"duplicate +{Duplicate:0.####}"));
        if (Jitter > SimDuration.Zero) parts.Add($"jitter +{Jitter}");
        return $"link {From}>{To}: {string.Join(", ", parts)}";
    }
}

/// <summary>
/// One run's extra faults: targeted rules appended after the scenario's own <c>faults:</c>, and link noise. Applied to
/// a scenario it gives an ordinary scenario, so a schedule is replayed exactly by <c>tcpsim run</c>.
/// </summary>
public sealed record FaultSchedule(IReadOnlyList<FaultRule> Faults, IReadOnlyList<LinkNoise> Noise)
{
    public static readonly FaultSchedule Empty = new([], []);

    /// <summary>Number of things in the schedule: the shrinker's first measure.</summary>
    public int Size => Faults.Count + Noise.Count;

    public Scenario ApplyTo(Scenario scenario) => scenario with
    {
        Faults = [.. scenario.Faults, .. Faults],
        Links = [.. scenario.Links.Select(l => l with
        {
            AToB = Add(l.AToB, Noise.FirstOrDefault(n => n.From == l.A && n.To == l.B)),
            BToA = Add(l.BToA, Noise.FirstOrDefault(n => n.From == l.B && n.To == l.A)),
        })],
    };

    /// <summary>One line per fault and per noisy link direction.</summary>
    public IReadOnlyList<string> Describe() =>
        Size == 0 ? ["(no faults)"] : [.. Faults.Select(f => f.Describe()), .. Noise.Select(n => n.Describe())];

    private static LinkDirectionSpec Add(LinkDirectionSpec spec, LinkNoise? noise) => noise is null ? spec : spec with
    {
        Loss = Math.Min(1, spec.Loss + noise.Loss),
        Duplicate = Math.Min(1, spec.Duplicate + noise.Duplicate),
        Jitter = spec.Jitter + noise.Jitter,
    };

    public bool Equals(FaultSchedule? other) =>
        other is not null && Faults.SequenceEqual(other.Faults) && Noise.SequenceEqual(other.Noise);

    public override int GetHashCode() => HashCode.Combine(Faults.Count, Noise.Count);
}
