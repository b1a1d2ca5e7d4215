using Simulator.Core.Tracing;

namespace Simulator.Core.Export;

/// <summary>
/// The notes a wire listing gives a segment: its fate (<c>LOST</c>, <c>DELAYED</c>, <c>DUP</c>, <c>INJECTED</c>), then
/// <c>STALE</c> when a connection took its bytes although an earlier incarnation of the 4-tuple sent them.
/// </summary>
public static class SegmentNotes
{
    public const string Lost = "LOST";
    public const string Delayed = "DELAYED";
    public const string Duplicate = "DUP";
    public const string Injected = "INJECTED";
    public const string Stale = "STALE";

    /// <summary>The note for <paramref name="fate"/>; null for a plain delivery.</summary>
    public static string? For(SegmentFate fate) => fate switch
    {
        SegmentFate.Lost => Lost,
        SegmentFate.Delayed => Delayed,
        SegmentFate.Duplicate => Duplicate,
        SegmentFate.Injected => Injected,
        _ => null,
    };

    /// <summary>The whole note of a segment: its fate's note, then STALE if <paramref name="stale"/>; null if neither.</summary>
    public static string? For(SegmentFate fate, bool stale) => (For(fate), stale) switch
    {
        (null, false) => null,
        (null, true) => Stale,
        (string n, false) => n,
        (string n, true) => n + " " + Stale,
    };
}
