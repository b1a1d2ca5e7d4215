namespace Simulator.Core.Tcp;

/// <summary>
/// How a passive open completes. <see cref="ThreeWay"/> is TCP (RFC 9293 3.5); <see cref="TwoWay"/> is a variant
/// that breaks it on purpose, to show why the third segment exists: the listener's connection is ESTABLISHED as
/// soon as its SYN-ACK leaves, so an old duplicate SYN opens a connection nobody asked for. Never a profile default.
/// </summary>
public enum HandshakeVariant
{
    ThreeWay,
    TwoWay,
}

public static class HandshakeVariants
{
    /// <summary>The scenario spellings, in enum order: <c>three-way</c>, <c>two-way</c>.</summary>
    public static readonly IReadOnlyList<string> Names = ["three-way", "two-way"];

    public static string ToScenarioName(this HandshakeVariant v) => Names[(int)v];

    public static bool TryParse(string text, out HandshakeVariant variant)
    {
        int i = -1;
        for (int k = 0; k < Names.Count; k++)
            if (string.Equals(Names[k], text.Trim(), StringComparison.Ordinal)) i = k;
        variant = i < 0 ? HandshakeVariant.ThreeWay : (HandshakeVariant)i;
        return i >= 0;
    }
}
