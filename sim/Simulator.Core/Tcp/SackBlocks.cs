namespace Simulator.Core.Tcp;

/// <summary>One SACK block (RFC 2018 section 3): the sequence space [<see cref="Left"/>, <see cref="Right"/>).</summary>
public readonly record struct SackBlock(SeqNum Left, SeqNum Right)
{
    public int Length => Right - Left;

    public override string ToString() => $"{Left}-{Right}";
}

/// <summary>
/// The blocks of a SACK option, in the order the receiver sends them: a D-SACK block (RFC 2883) first when it reports
/// a duplicate, then the most recently changed block. Default: no SACK option. The blocks live in one array made when
/// a receiver has something to report, so a segment without SACK costs nothing.
/// </summary>
public readonly struct SackBlocks : IEquatable<SackBlocks>
{
    private readonly SackBlock[]? _blocks;

    public SackBlocks(params ReadOnlySpan<SackBlock> blocks) => _blocks = blocks.IsEmpty ? null : blocks.ToArray();

    public static SackBlocks None => default;

    public int Count => _blocks?.Length ?? 0;

    public SackBlock this[int index] => _blocks![index];

    public ReadOnlySpan<SackBlock> AsSpan() => _blocks;

    /// <summary>Option bytes as Linux's <c>tcp_options_write</c> lays them out: NOP, NOP, kind 5, length, 8 per block.</summary>
    public int OptionBytes => Count == 0 ? 0 : 4 + 8 * Count;

    public bool Equals(SackBlocks other) => AsSpan().SequenceEqual(other.AsSpan());

    public override bool Equals(object? obj) => obj is SackBlocks other && Equals(other);

    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var b in AsSpan()) h.Add(b);
        return h.ToHashCode();
    }

    public static bool operator ==(SackBlocks a, SackBlocks b) => a.Equals(b);

    public static bool operator !=(SackBlocks a, SackBlocks b) => !a.Equals(b);

    public override string ToString() => string.Join(' ', _blocks ?? []);
}
