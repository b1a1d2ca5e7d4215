using System.Globalization;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Export;

/// <summary>
/// A segment's SACK blocks (RFC 2018) as the wire listings write them, after its fate note: each block
/// <c>left-right</c> (the right edge exclusive, as on the wire) relative to the data sender's ISN, the base of the
/// segment's ack column, in the order sent: <c>sack 1449-2897 4345-5793</c>. A first block that reports a duplicate
/// (D-SACK, RFC 2883) is written apart: <c>dsack 1-101</c>, or <c>dsack 1-101 sack 201-301</c>.
/// </summary>
public static class SackText
{
    public const string Sack = "sack";
    public const string DuplicateSack = "dsack";

    /// <summary>
    /// True when the first block reports a duplicate, as Linux's <c>tcp_check_dsack</c> tells it (RFC 2883 section
    /// 4): it starts below the segment's cumulative <paramref name="ack"/>, or lies within the second block.
    /// </summary>
    public static bool FirstIsDuplicate(SackBlocks blocks, SeqNum ack)
    {
        if (blocks.Count == 0) return false;
        var first = blocks[0];
        if (first.Left < ack) return true;
        return blocks.Count > 1 && first.Right <= blocks[1].Right && first.Left >= blocks[1].Left;
    }

    /// <summary>
    /// The SACK words of <paramref name="s"/>, each edge mapped by <paramref name="number"/> (relative or absolute, as
    /// the listing's ack column); null when it carries no SACK option.
    /// </summary>
    public static string? Of(in Segment s, Func<SeqNum, uint> number)
    {
        var blocks = s.Options.Sack;
        if (blocks.Count == 0) return null;
        var edges = new (uint Left, uint Right)[blocks.Count];
        for (int i = 0; i < edges.Length; i++) edges[i] = (number(blocks[i].Left), number(blocks[i].Right));
        return Format(edges, FirstIsDuplicate(blocks, s.Ack));
    }

    /// <summary>The SACK words of <paramref name="s"/> relative as <paramref name="rel"/> numbers its ack.</summary>
    public static string? Of(in Segment s, RelativeSequence rel)
    {
        var seg = s;
        return Of(s, n => rel.OfPeer(seg, n));
    }

    /// <summary><c>sack L-R ...</c>, or <c>dsack L-R [sack L-R ...]</c> when the first block is a duplicate.</summary>
    public static string Format(ReadOnlySpan<(uint Left, uint Right)> blocks, bool firstIsDuplicate)
    {
        var words = new List<string>(blocks.Length + 2);
        for (int i = 0; i < blocks.Length; i++)
        {
            if (i == 0) words.Add(firstIsDuplicate ? DuplicateSack : Sack);
            else if (i == 1 && firstIsDuplicate) words.Add(Sack);
            words.Add(string.Create(CultureInfo.InvariantCulture,
                $"{RelativeSequence.Signed(blocks[i].Left)}-{RelativeSequence.Signed(blocks[i].Right)}"));
        }
        return string.Join(' ', words);
    }

    /// <summary>Where the SACK words start among a listing line's note words; -1 if it has none.</summary>
    public static int Start(IReadOnlyList<string> words)
    {
        for (int i = 0; i < words.Count; i++)
            if (words[i] is Sack or DuplicateSack) return i;
        return -1;
    }

    /// <summary>
    /// Reads SACK words (<c>sack L-R ...</c> or <c>dsack L-R [sack L-R ...]</c>) into their written form; false with
    /// <paramref name="error"/> saying what is wrong.
    /// </summary>
    public static bool TryParse(IReadOnlyList<string> words, out string text, out string error)
    {
        text = "";
        error = "";
        var blocks = new List<(uint, uint)>();
        bool duplicate = words.Count > 0 && words[0] == DuplicateSack;
        for (int i = 0; i < words.Count; i++)
        {
            string w = words[i];
            bool keywordHere = i == 0 || (i == 2 && duplicate);
            if (keywordHere)
            {
                if (i == 0 && w is not (Sack or DuplicateSack))
                {
                    error = $"expected 'sack' or 'dsack' before SACK blocks, got '{w}'";
                    return false;
                }
                if (i == 2 && w != Sack)
                {
                    error = $"a D-SACK reports one block; write the others after 'sack' (dsack 1-101 sack 201-301), got '{w}'";
                    return false;
                }
                if (i + 1 >= words.Count)
                {
                    error = $"'{w}' without a block (write blocks as left-right, e.g. {w} 1449-2897)";
                    return false;
                }
                continue;
            }
            if (!TryBlock(w, out var block))
            {
                error = $"SACK block '{w}' is not left-right with 32-bit numbers (e.g. 1449-2897)";
                return false;
            }
            blocks.Add(block);
        }
        if (blocks.Count == 0)
        {
            error = "no SACK block";
            return false;
        }
        text = Format(blocks.ToArray(), duplicate);
        return true;
    }

    private static bool TryBlock(string word, out (uint Left, uint Right) block)
    {
        block = default;
        int dash = word.IndexOf('-', 1);
        return dash > 0 && dash < word.Length - 1
            && RelativeSequence.TryParse(word[..dash], out block.Left)
            && RelativeSequence.TryParse(word[(dash + 1)..], out block.Right);
    }
}
