using System.Globalization;

namespace Simulator.Core.Charts;

/// <summary>An opaque sRGB colour, written <c>#rrggbb</c>.</summary>
public readonly record struct ChartColor(byte R, byte G, byte B)
{
    public static readonly ChartColor Black = new(0, 0, 0);
    public static readonly ChartColor White = new(255, 255, 255);

    public static ChartColor Parse(string hex)
    {
        if (hex.Length != 7 || hex[0] != '#')
            throw new FormatException($"expected #rrggbb, got '{hex}'");
        return new ChartColor(
            byte.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            byte.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            byte.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    public string Hex => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");

    /// <summary>WCAG 2 relative luminance, 0 (black) to 1 (white).</summary>
    public double RelativeLuminance => 0.2126 * Linear(R) + 0.7152 * Linear(G) + 0.0722 * Linear(B);

    /// <summary>WCAG 2 contrast ratio between two colours, 1 to 21.</summary>
    public static double Contrast(ChartColor a, ChartColor b)
    {
        double la = a.RelativeLuminance, lb = b.RelativeLuminance;
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    /// <summary>Black or white, whichever reads better on this colour.</summary>
    public ChartColor ReadableText => Contrast(this, Black) >= Contrast(this, White) ? Black : White;

    public override string ToString() => Hex;

    private static double Linear(byte channel)
    {
        double c = channel / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }
}
