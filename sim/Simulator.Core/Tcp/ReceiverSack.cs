namespace Simulator.Core.Tcp;

/// <summary>
/// The SACK blocks a receiver reports (RFC 2018 section 4; D-SACK, RFC 2883), kept as Linux keeps them
/// (<c>tp->selective_acks</c>, <c>tp->duplicate_sack</c>): at most four blocks, the most recently changed first, and
/// one D-SACK block for a duplicate, sent once in front of them. Made the first time a connection has something to
/// report, so a connection that never sees a loss or a duplicate carries none of it.
/// </summary>
internal sealed class ReceiverSack
{
    /// <summary>TCP_NUM_SACKS: the blocks Linux remembers.</summary>
    public const int MaxBlocks = 4;

    private Blocks _blocks;
    private int _count;
    private SackBlock _dsack;
    private bool _hasDsack;

    /// <summary>Blocks remembered for out-of-order data (num_sacks), not counting the D-SACK.</summary>
    public int Count => _count;

    public SackBlock this[int index] => _blocks[index];

    /// <summary>A segment would carry a SACK option now (tcp_established_options: num_sacks + dsack).</summary>
    public bool Any => _count > 0 || _hasDsack;

    /// <summary>
    /// Out-of-order data [<paramref name="seq"/>, <paramref name="end"/>) arrived (tcp_sack_new_ofo_skb): a block it
    /// touches grows and moves to the front (tcp_sack_extend, then tcp_sack_maybe_coalesce merges the blocks it now
    /// reaches); otherwise a new block goes in front and, the array being full, the oldest is forgotten.
    /// </summary>
    public void OnOutOfOrder(SeqNum seq, SeqNum end)
    {
        for (int i = 0; i < _count; i++)
        {
            SackBlock b = _blocks[i];
            if (!Extend(ref b, seq, end)) continue;
            for (; i > 0; i--) _blocks[i] = _blocks[i - 1];
            _blocks[0] = b;
            Coalesce();
            return;
        }
        int n = Math.Min(_count, MaxBlocks - 1);
        for (int i = n; i > 0; i--) _blocks[i] = _blocks[i - 1];
        _blocks[0] = new SackBlock(seq, end);
        _count = n + 1;
    }

    /// <summary>RCV.NXT advanced (tcp_sack_remove): blocks it reached are dropped; none are left once nothing is out of order.</summary>
    public void Remove(SeqNum rcvNxt, bool outOfOrderEmpty)
    {
        if (outOfOrderEmpty)
        {
            _count = 0;
            return;
        }
        int kept = 0;
        for (int i = 0; i < _count; i++)
            if (rcvNxt < _blocks[i].Left) _blocks[kept++] = _blocks[i];
        _count = kept;
    }

    /// <summary>A duplicate arrived (tcp_dsack_set): report [<paramref name="seq"/>, <paramref name="end"/>) once.</summary>
    public void SetDsack(SeqNum seq, SeqNum end)
    {
        _dsack = new SackBlock(seq, end);
        _hasDsack = true;
    }

    /// <summary>More duplicate data (tcp_dsack_extend): widens the pending D-SACK block, or starts one.</summary>
    public void ExtendDsack(SeqNum seq, SeqNum end)
    {
        if (!_hasDsack)
        {
            SetDsack(seq, end);
            return;
        }
        Extend(ref _dsack, seq, end);
    }

    /// <summary>The peer's FIN arrived (tcp_fin → tcp_sack_reset): out-of-order data is dropped, nothing to report.</summary>
    public void Reset()
    {
        _count = 0;
        _hasDsack = false;
    }

    /// <summary>
    /// The blocks of the next segment (tcp_options_write): the D-SACK block first, then the blocks from the most
    /// recent, at most <paramref name="room"/> (3 beside timestamps, 4 without); the D-SACK block goes once.
    /// </summary>
    public SackBlocks Take(int room)
    {
        if (!Any) return SackBlocks.None;
        Span<SackBlock> chosen = stackalloc SackBlock[MaxBlocks + 1];
        int n = 0;
        if (_hasDsack) chosen[n++] = _dsack;
        for (int i = 0; i < _count && n < room; i++) chosen[n++] = _blocks[i];
        _hasDsack = false;
        return new SackBlocks(chosen[..Math.Min(n, room)]);
    }

    /// <summary>tcp_sack_extend: [seq, end) touches or overlaps the block, which grows to cover both.</summary>
    private static bool Extend(ref SackBlock b, SeqNum seq, SeqNum end)
    {
        if (seq > b.Right || b.Left > end) return false;
        b = new SackBlock(seq < b.Left ? seq : b.Left, end > b.Right ? end : b.Right);
        return true;
    }

    /// <summary>tcp_sack_maybe_coalesce: the first block swallows the others it now reaches.</summary>
    private void Coalesce()
    {
        SackBlock first = _blocks[0];
        for (int i = 1; i < _count;)
        {
            if (Extend(ref first, _blocks[i].Left, _blocks[i].Right))
            {
                for (int k = i; k < _count - 1; k++) _blocks[k] = _blocks[k + 1];
                _count--;
                continue;
            }
            i++;
        }
        _blocks[0] = first;
    }

    [System.Runtime.CompilerServices.InlineArray(MaxBlocks)]
    private struct Blocks
    {
        private SackBlock _first;
    }
}
