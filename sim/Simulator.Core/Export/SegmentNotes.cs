using Simulator.Core.Tracing;

namespace Simulator.Core.Export;

/// <summary>The note a wire listing gives a segment's fate: <c>LOST</c>, <c>DELAYED</c>, <c>DUP</c>, <c>INJECTED</c>.</summary>
public static class SegmentNotes
{
    public const string Lost = "LOST";
    public const string Delayed = "DELAYED";
    public const string Duplicate = "DUP";
    public const string Injected = "INJECTED";

    /// <summary>The note for <paramref name="fate"/>; null for a plain delivery.</summary>
    public static string? For(SegmentFate fate) => fate switch
    {
        SegmentFate.Lost => Lost,
        SegmentFate.Delayed => Delayed,
        SegmentFate.Duplicate => Duplicate,
        SegmentFate.Injected => Injected,
        _ => null,
    };
}
