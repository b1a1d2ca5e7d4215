using Simulator.Core.Time;

namespace Simulator.Core.Tcp;

/// <summary>How the offered window follows the free receive buffer.</summary>
public enum ReceiveWindowRule
{
    /// <summary>
    /// Linux: the buffer counts the memory of the segments waiting in it (skb truesize, payload plus
    /// <see cref="TcpSettings.SkbOverhead"/>; a segment appended to the one before it once that one is no longer
    /// shared with the sender costs its payload only: skb_try_coalesce). The window is the free memory scaled by the
    /// skb overhead ratio (tcp_win_from_space), the first one in whole segments (tcp_select_initial_window), never
    /// above rcv_ssthresh, and zero once the free space, in whole window-scale units, is below half the buffer and
    /// below one segment (receiver silly-window avoidance, __tcp_select_window); a window is rounded up to the
    /// window-scale unit so that scaling does not lose it.
    /// </summary>
    Linux,
    /// <summary>RFC 9293 3.8.6.2.2: RCV.WND is the free buffer.</summary>
    FreeBuffer,
}

/// <summary>
/// The receive side of a connection: bytes that arrived in order but the application has not read yet
/// (<c>reads: manual</c>), the memory they hold, and the window offered to the peer, which follows the free buffer
/// but whose right edge never moves back (RFC 9293 3.8.6.2.2; Linux tcp_select_window). A struct inside its
/// endpoint: no allocation until data waits.
/// </summary>
internal struct ReceiveBuffer
{
    /// <summary>TCP_DEFAULT_SCALING_RATIO: Linux counts half of the buffer as window (skb overhead).</summary>
    public const int LinuxScalingRatio = 128;

    private long _unread;
    private long _memory;    // sk_rmem_alloc: the truesize of the segments waiting
    private LazyList<Waiting> _waiting;
    private SeqNum _wup;     // RCV.NXT when the last window was offered (rcv_wup)
    private uint _wnd;       // the window offered then (rcv_wnd)
    private uint _ssthresh;  // rcv_ssthresh: the first window; later windows do not exceed it

    /// <summary>A segment waiting to be read: its payload not read yet and the memory it holds.</summary>
    private record struct Waiting(long Unread, long Truesize, SimTime AckedAt);

    /// <summary>Bytes in order that the application has not read.</summary>
    public readonly long Unread => _unread;

    /// <summary>The memory the waiting segments hold (Linux sk_rmem_alloc).</summary>
    public readonly long Memory => _memory;

    /// <summary>tcp_full_space: the window an empty buffer allows (tcp_win_from_space of rcvbuf).</summary>
    public static uint FullSpace(TcpSettings s) => WinFromSpace(s, s.ReceiveBuffer);

    private static uint WinFromSpace(TcpSettings s, long space) => space <= 0 ? 0 : (uint)((space * s.WindowScalingRatio) >> 8);

    /// <summary>
    /// <paramref name="bytes"/> arrived in order and wait for the application. A new segment costs its payload plus
    /// the per-segment overhead, unless it can be appended to the last waiting one (skb_try_coalesce), which is
    /// refused while that one still shares its data with the sender's copy: until the ACK for it, sent at
    /// <see cref="Waiting.AckedAt"/>, can have reached the sender, one round trip later
    /// (<paramref name="roundTrip"/>; veth hands over the sender's clone).
    /// </summary>
    public void Queue(TcpSettings s, long bytes, SimTime now, SimDuration roundTrip)
    {
        _unread += bytes;
        int last = _waiting.Count - 1;
        if (last >= 0 && _waiting[last].AckedAt != SimTime.MaxValue && _waiting[last].AckedAt + roundTrip <= now)
        {
            _waiting[last] = _waiting[last] with { Unread = _waiting[last].Unread + bytes, Truesize = _waiting[last].Truesize + bytes };
            _memory += bytes;
            return;
        }
        long truesize = bytes + s.SkbOverhead;
        _waiting.Add(new Waiting(bytes, truesize, SimTime.MaxValue));
        _memory += truesize;
    }

    /// <summary>An ACK left acknowledging everything received: the waiting segments are the sender's to free.</summary>
    public void Acknowledged(SimTime now)
    {
        int last = _waiting.Count - 1;
        if (last >= 0 && _waiting[last].AckedAt == SimTime.MaxValue) _waiting[last] = _waiting[last] with { AckedAt = now };
    }

    /// <summary>The application read <paramref name="bytes"/>: a segment's memory is freed once it is read whole (sk_eat_skb).</summary>
    public void Take(long bytes)
    {
        _unread -= bytes;
        while (bytes > 0 && _waiting.Count > 0)
        {
            Waiting head = _waiting[0];
            long n = Math.Min(bytes, head.Unread);
            bytes -= n;
            if (n < head.Unread)
            {
                _waiting[0] = head with { Unread = head.Unread - n };
                break;
            }
            _memory -= head.Truesize;
            _waiting.RemoveAt(0);
        }
    }

    /// <summary>The window of a SYN or SYN-ACK, for a peer sending <paramref name="mss"/>-byte segments (tcp_select_initial_window).</summary>
    public uint Initial(TcpSettings s, int mss, SeqNum rcvNxt)
    {
        uint space = InitialWindow(s, mss);
        _ssthresh = space;
        _wnd = space;
        _wup = rcvNxt;
        return space;
    }

    /// <summary>The window offered last (rcv_wnd).</summary>
    public readonly uint Offered => _wnd;

    /// <summary>The first window for <paramref name="mss"/>-byte segments: the full space, in whole segments on Linux.</summary>
    public static uint InitialWindow(TcpSettings s, int mss)
    {
        uint space = FullSpace(s);
        return s.ReceiveWindowRule == ReceiveWindowRule.Linux && space > mss ? space / (uint)mss * (uint)mss : space;
    }

    /// <summary>RCV.NXT became known (the peer's SYN arrived after ours left): the first window starts there.</summary>
    public void Anchor(SeqNum rcvNxt) => _wup = rcvNxt;

    /// <summary>What is left of the window offered last (tcp_receive_window).</summary>
    public readonly uint Remaining(SeqNum rcvNxt)
    {
        long left = (long)_wnd - (rcvNxt - _wup);
        return left <= 0 ? 0 : (uint)left;
    }

    /// <summary>
    /// The window the free buffer allows now (__tcp_select_window); <paramref name="rcvMss"/> is the peer's segment
    /// size as seen, <paramref name="shift"/> our window scale (0 without the option).
    /// </summary>
    public readonly uint Select(TcpSettings s, int rcvMss, int shift)
    {
        if (s.ReceiveWindowRule == ReceiveWindowRule.FreeBuffer) return (uint)Math.Max(0, FullSpace(s) - _unread);
        long full = FullSpace(s);
        long free = WinFromSpace(s, s.ReceiveBuffer - _memory);
        if (free < full / 2)
        {
            free = free >> shift << shift;                                // do not let scaling grow it
            if (free < full / 16 || free < rcvMss) return 0;
        }
        return AlignUp(Math.Min(free, _ssthresh), shift);
    }

    /// <summary>The window to put in an outgoing segment: never less than what is left of the last one (tcp_select_window).</summary>
    public uint Offer(TcpSettings s, int rcvMss, int shift, SeqNum rcvNxt)
    {
        uint left = Remaining(rcvNxt);
        uint window = Select(s, rcvMss, shift);
        if (window < left) window = s.ReceiveWindowRule == ReceiveWindowRule.Linux ? AlignUp(left, shift) : left;
        _wnd = window;
        _wup = rcvNxt;
        return window;
    }

    /// <summary>ALIGN(window, 1 &lt;&lt; shift): a window advertised in scaled units is rounded up, not down.</summary>
    private static uint AlignUp(long window, int shift) => (uint)((window + (1L << shift) - 1) >> shift << shift);
}
