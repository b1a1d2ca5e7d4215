namespace Simulator.Charts;

/// <summary>The file formats a chart is rendered to.</summary>
public enum ChartFormat
{
    Png,
    Svg,
}

/// <summary>An image size in pixels.</summary>
public readonly record struct ChartSize(int Width, int Height)
{
    public const int Smallest = 200;
    public const int Largest = 20_000;
}
