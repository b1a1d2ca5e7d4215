namespace Simulator.Cli.Yaml;

/// <summary>Bounds that keep a hostile or broken file from costing much time or memory.</summary>
public sealed record DocumentLimits
{
    public static readonly DocumentLimits Default = new();

    /// <summary>Largest accepted file, in bytes.</summary>
    public int MaxBytes { get; init; } = 1024 * 1024;

    /// <summary>Most nodes the document may stand for once every alias is expanded.</summary>
    public long MaxExpandedNodes { get; init; } = 100_000;

    /// <summary>Deepest nesting of lists and mappings.</summary>
    public int MaxDepth { get; init; } = 64;
}
