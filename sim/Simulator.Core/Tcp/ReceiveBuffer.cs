namespace Simulator.Core.Tcp;

/// <summary>How the offered window follows the free receive buffer.</summary>
public enum ReceiveWindowRule
{
    /// <summary>
    /// Linux: the window is the free space scaled by the skb overhead ratio (tcp_win_from_space), the first one in
    /// whole segments (tcp_select_initial_window), never above rcv_ssthresh, and zero once the free space is below
    /// half the buffer and below one segment (receiver silly-window avoidance, __tcp_select_window).
    /// </summary>
    Linux,
    /// <summary>RFC 9293 3.8.6.2.2: RCV.WND is the free buffer.</summary>
    FreeBuffer,
}

/// <summary>
/// The receive side of a connection: bytes that arrived in order but the application has not read yet
/// (<c>reads: manual</c>), and the window offered to the peer, which follows the free buffer but whose right edge
/// never moves back (RFC 9293 3.8.6.2.2; Linux tcp_select_window). A struct inside its endpoint: no allocation.
/// </summary>
internal struct ReceiveBuffer
{
    /// <summary>TCP_DEFAULT_SCALING_RATIO: Linux counts half of the buffer as window (skb overhead).</summary>
    public const int LinuxScalingRatio = 128;

    /// <summary>Bytes in order that the application has not read.</summary>
    public long Unread;
    private SeqNum _wup;     // RCV.NXT when the last window was offered (rcv_wup)
    private uint _wnd;       // the window offered then (rcv_wnd)
    private uint _ssthresh;  // rcv_ssthresh: the first window; later windows do not exceed it

    /// <summary>tcp_full_space: the window an empty buffer allows (tcp_win_from_space of rcvbuf).</summary>
    public static uint FullSpace(TcpSettings s) => (uint)(((long)s.ReceiveBuffer * s.WindowScalingRatio) >> 8);

    /// <summary>The window of a SYN or SYN-ACK, for a peer sending <paramref name="mss"/>-byte segments (tcp_select_initial_window).</summary>
    public uint Initial(TcpSettings s, int mss, SeqNum rcvNxt)
    {
        uint space = FullSpace(s);
        if (s.ReceiveWindowRule == ReceiveWindowRule.Linux && space > mss) space = space / (uint)mss * (uint)mss;
        _ssthresh = space;
        _wnd = space;
        _wup = rcvNxt;
        return space;
    }

    /// <summary>RCV.NXT became known (the peer's SYN arrived after ours left): the first window starts there.</summary>
    public void Anchor(SeqNum rcvNxt) => _wup = rcvNxt;

    /// <summary>What is left of the window offered last (tcp_receive_window).</summary>
    public readonly uint Remaining(SeqNum rcvNxt)
    {
        long left = (long)_wnd - (rcvNxt - _wup);
        return left <= 0 ? 0 : (uint)left;
    }

    /// <summary>The window the free buffer allows now (__tcp_select_window); <paramref name="rcvMss"/> is the peer's segment size as seen.</summary>
    public readonly uint Select(TcpSettings s, int rcvMss)
    {
        long full = FullSpace(s);
        long free = Math.Max(0, full - Unread);
        if (s.ReceiveWindowRule == ReceiveWindowRule.FreeBuffer) return (uint)free;
        if (free < full / 2 && (free < full / 16 || free < rcvMss)) return 0;
        return (uint)Math.Min(free, _ssthresh);
    }

    /// <summary>The window to put in an outgoing segment: never less than what is left of the last one (tcp_select_window).</summary>
    public uint Offer(TcpSettings s, int rcvMss, SeqNum rcvNxt)
    {
        uint window = Math.Max(Remaining(rcvNxt), Select(s, rcvMss));
        _wnd = window;
        _wup = rcvNxt;
        return window;
    }
}
