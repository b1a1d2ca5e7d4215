using Simulator.Core.Network;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tcp;

/// <summary>
/// A listener's SYN queue and SYN cookies (Linux <c>tcp_syncookies</c> = 1). When more connections wait half-open
/// than the backlog (inet_csk_reqsk_queue_is_full), a new SYN is answered with a SYN-ACK whose ISN is a cookie
/// (tcp_syn_flood_action, cookie_v4_init_sequence) and nothing is kept: no SYN-RECEIVED connection, no SYN-ACK
/// retransmission. An ACK whose number validates the cookie (cookie_v4_check), a data segment included, makes the
/// connection at once. The cookie is modelled by what it encodes, remembered for the time it stays valid, instead of
/// a keyed hash.
/// </summary>
public sealed partial class TcpEndpoint
{
    /// <summary>How long a cookie validates an ACK (MAX_SYNCOOKIE_AGE counts of tcp_cookie_time's 60 s clock).</summary>
    private static readonly SimDuration CookieLifetime = SimDuration.FromMinutes(2);

    /// <summary>What a cookie SYN-ACK answered: the peer, both ISNs, and the SYN's options and window.</summary>
    internal readonly record struct SynCookie(TransportAddress Remote, SeqNum Irs, SeqNum Iss, TcpOptions SynOptions, uint SynWindow, ConnectionId Origin, SimTime Sent);

    /// <summary>A passive connection entered or left SYN-RECEIVED: its listener's SYN queue follows.</summary>
    private void CountHalfOpen(TcpState from, TcpState to)
    {
        if (Listener?._listen is not ListenQueues queues) return;
        if (to == TcpState.SynReceived) queues.HalfOpen++;
        else if (from == TcpState.SynReceived) queues.HalfOpen--;
    }

    /// <summary>
    /// tcp_conn_request for a SYN that finds the SYN queue full and cookies on: a SYN-ACK as the connection's would
    /// be (options the cookie encodes: MSS, and with timestamps window scale and SACK), from a listener that keeps
    /// nothing but the cookie.
    /// </summary>
    private void SendSynCookie(in Segment syn)
    {
        bool ts = Settings.Timestamps && syn.Options.HasTimestamp;
        bool scale = Settings.WindowScale >= 0 && syn.Options.WindowScale >= 0;
        bool sack = Settings.SackPermitted && syn.Options.SackPermitted;
        uint tsVal = ts ? unchecked((uint)(_ctx.Now.Nanoseconds / 1_000_000) + TimestampOffset(Local.Ip, syn.Source.Ip)) : 0;
        var options = new TcpOptions((ushort)Settings.Mss, scale ? Settings.WindowScale : (sbyte)-1, sack, ts, tsVal, ts ? syn.Options.TsVal : 0);
        uint window = Math.Min(ReceiveBuffer.InitialWindow(Settings, Settings.Mss - (ts ? 12 : 0)), 65535u);
        var iss = new SeqNum(_ctx.NextIsn(this));
        _listen!.Cookies.Add(new SynCookie(syn.Source, syn.Seq, iss, syn.Options, syn.Window, syn.Origin, _ctx.Now));
        _ctx.Trace?.Add(new AppResult(_ctx.Now, Name, "syn_flood", "SYN cookie sent", "SYN queue full (tcp_syn_flood_action; nstat SyncookiesSent)"));
        _ctx.Transmit(this, new Segment(Local, syn.Source, iss, syn.Seq + 1, TcpFlags.Syn | TcpFlags.Ack, 0, window, options), retransmission: false);
    }

    /// <summary>
    /// cookie_v4_check for an ACK that reached the listener: true when a cookie of ours validates it (the ACK
    /// acknowledges the cookie's ISN and follows the SYN it answered); the connection is then made from the cookie
    /// and takes the segment, unless the accept queue is full (tcp_v4_syn_recv_sock: the segment is dropped and
    /// the cookie stays good for a later one).
    /// </summary>
    private bool TakeCookie(in Segment ack)
    {
        if (_listen is not ListenQueues listen) return false;
        ref LazyList<SynCookie> cookies = ref listen.Cookies;
        for (int i = cookies.Count - 1; i >= 0; i--)
        {
            if (_ctx.Now - cookies[i].Sent > CookieLifetime) cookies.RemoveAt(i);
        }
        for (int i = 0; i < cookies.Count; i++)
        {
            SynCookie cookie = cookies[i];
            if (cookie.Remote != ack.Source || ack.Ack != cookie.Iss + 1 || ack.Seq != cookie.Irs + 1) continue;
            if (AcceptQueueFull)
            {
                _ctx.Trace?.Add(new AppResult(_ctx.Now, Name, "listen_overflow", "ACK dropped", "accept queue full (cookie_v4_check → tcp_v4_syn_recv_sock)"));
                return true;
            }
            cookies.RemoveAt(i);
            _ctx.Spawn(this, ack).OpenFromCookie(cookie, ack);
            return true;
        }
        return false;
    }

    /// <summary>
    /// A connection made from a valid cookie: in the state its SYN-ACK would have left it, then the ACK that
    /// validated the cookie completes it (and its data, if any, is taken).
    /// </summary>
    private void OpenFromCookie(SynCookie cookie, in Segment ack)
    {
        StartFromSyn(new Segment(cookie.Remote, Local, cookie.Irs, default, TcpFlags.Syn, 0, cookie.SynWindow, cookie.SynOptions, cookie.Origin), cookie.Iss);
        SndNxt = Iss + 1;                                                 // the cookie SYN-ACK, as if we had sent it
        _rcv.Initial(Settings, SynWindowMss(true), RcvNxt);
        _unacked.Add(new SentSegment(Iss, 0, TcpFlags.Syn, cookie.Sent, cookie.Sent));
        SetState(TcpState.SynReceived, "ACK with a valid SYN cookie (cookie_v4_check)");
        OnSegment(ack);
    }
}
