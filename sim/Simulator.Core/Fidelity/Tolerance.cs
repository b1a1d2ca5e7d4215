namespace Simulator.Core.Fidelity;

/// <summary>
/// How closely a simulation must follow a reference trace: packetdrill's tolerance for timings, the window in which
/// near-simultaneous segments may come in either order, and what a sampled socket table cannot show.
/// </summary>
public static class Tolerance
{
    /// <summary>Absolute floor of the timing tolerance (packetdrill's default <c>--tolerance_usecs=4000</c>).</summary>
    public const double MinimumMs = 4.0;

    /// <summary>Relative timing tolerance: 12.5 % of the reference interval (packetdrill's <c>--tolerance_percent</c>).</summary>
    public const double Relative = 0.125;

    /// <summary>Reference segments within a span shorter than this may be matched in any order (up to 4 of them).</summary>
    public const double SwapWindowMs = 4.0;

    /// <summary>The reference samples socket states every ~5 ms; a state held for less may not appear.</summary>
    public const double StateSampleMs = 5.0;

    /// <summary>max(4 ms, 12.5 % of <paramref name="referenceIntervalMs"/>).</summary>
    public static double For(double referenceIntervalMs) => Math.Max(MinimumMs, Relative * Math.Abs(referenceIntervalMs));

    /// <summary>The first SYN's time in a listing (the first segment's if there is none; 0 if it is empty).</summary>
    public static double FirstSynMs(IReadOnlyList<Export.WireSegment> segments)
    {
        foreach (var s in segments)
            if (Tcp.TcpFlagsExtensions.Has(s.Flags, Tcp.TcpFlags.Syn)) return s.TimeMs;
        return segments.Count > 0 ? segments[0].TimeMs : 0;
    }
}
