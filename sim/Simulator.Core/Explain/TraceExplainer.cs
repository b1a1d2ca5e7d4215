using System.Globalization;
using Simulator.Core.Export;
using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Explain;

/// <summary>
/// Reads a trace and tells it as facts, step by step: who sent what and why, why each state changed (the RFC 9293
/// rule or Linux behaviour behind the endpoint's recorded cause), how long each retransmission timer waited, what
/// each loss caused, and stale data. Reads the trace only; the words come from <see cref="MessageCatalog"/>.
/// </summary>
public static class TraceExplainer
{
    /// <summary>The facts of <paramref name="trace"/>; past <paramref name="maxFacts"/> the telling stops with a note that there is more.</summary>
    public static Explanation Explain(Trace trace, int maxFacts = int.MaxValue) => new Walk(trace, maxFacts).Run();

    private sealed class Walk(Trace trace, int maxFacts)
    {
        private readonly List<ExplainLine> _lines = [];
        private readonly Dictionary<string, TcpState> _state = [];
        private readonly Dictionary<string, SimTime> _stateSince = [];
        private readonly Dictionary<long, SegmentSent> _sent = [];
        private readonly Dictionary<string, SegmentSent> _lastArrival = [];   // the segment each endpoint took last
        private readonly Dictionary<string, SegmentSent> _lastSentBy = [];    // the segment each endpoint sent last
        private readonly Dictionary<string, SimTime> _nagleHeld = [];         // since when Nagle's algorithm holds an endpoint's data
        private readonly HashSet<(TransportAddress Client, TransportAddress Listener)> _cookieAnswered = [];   // SYNs a SYN cookie answered
        // The relative sequence number just past each direction's FIN, and the FINs already acknowledged once.
        private readonly Dictionary<(TransportAddress, TransportAddress), uint> _finEnd = [];
        private readonly HashSet<(TransportAddress, TransportAddress)> _finAcked = [];
        private readonly Dictionary<string, ushort> _port = [];
        private readonly Dictionary<string, SimTime> _timeWaitSince = [];
        private readonly Dictionary<(string, uint, TcpFlags, int), SimTime> _lastCopy = [];
        private readonly Dictionary<(string, uint, TcpFlags, int), SimTime> _firstCopy = [];
        private readonly Dictionary<string, SimTime> _retransmittingSince = [];
        private readonly Dictionary<string, int> _synRetransmits = [];
        private readonly Dictionary<string, int> _synAckRetransmits = [];
        private readonly HashSet<string> _retransmitFiredNow = [];
        private readonly Dictionary<string, TimerKind> _lossTimerFiredNow = [];   // a probe or RACK reordering timer
        private readonly HashSet<string> _establishedActiveNow = [];
        private SimTime _now;
        private bool _synScheduleTold;
        private bool Linux => trace.Profile == TcpProfiles.Linux;

        public Explanation Run()
        {
            Add(null, "run.header", ("scenario", trace.Scenario), ("profile", trace.Profile),
                ("seed", trace.Seed.ToString(CultureInfo.InvariantCulture)));
            Add(null, Linux ? "run.profile.linux" : "run.profile.rfc9293");
            var rel = new RelativeSequence(trace.OfType<SegmentSent>().Select(s => s.Segment));
            for (int i = 0; i < trace.Events.Count; i++)
            {
                TraceEvent e = trace.Events[i];
                if (_lines.Count >= maxFacts)
                {
                    Add(null, "explain.more");
                    break;
                }
                if (e.Time != _now)
                {
                    _now = e.Time;
                    _retransmitFiredNow.Clear();
                    _lossTimerFiredNow.Clear();
                    _establishedActiveNow.Clear();
                }
                switch (e)
                {
                    case EndpointCreated c:
                        _port[c.Endpoint] = c.Port;
                        break;
                    case SegmentDelivered d when d.Receiver is not null && _sent.TryGetValue(d.Id, out SegmentSent? took):
                        _lastArrival[d.Receiver] = took;
                        if (took.Segment.Is(TcpFlags.Rst) && _state.GetValueOrDefault(d.Receiver) == TcpState.TimeWait && !LeavesStateNow(i, d.Receiver))
                        {
                            // In window when it resets exactly what TIME-WAIT last acknowledged.
                            bool inWindow = _lastSentBy.TryGetValue(d.Receiver, out SegmentSent? mine) && took.Segment.Seq == mine.Segment.Ack;
                            Add(d.Time, inWindow ? "timewait.rst.ignored" : "timewait.rst.outside", ("endpoint", d.Receiver));
                        }
                        break;
                    case TimerFired { Timer: TimerKind.Retransmit } f:
                        _retransmitFiredNow.Add(f.Endpoint);
                        break;
                    case TimerFired { Timer: TimerKind.LossProbe or TimerKind.Reorder } f:
                        _lossTimerFiredNow[f.Endpoint] = f.Timer;
                        break;
                    case TimerSet { Timer: TimerKind.TimeWait } t:
                        _timeWaitSince[t.Endpoint] = t.Time;
                        break;
                    case StateChanged c:
                        OnState(c);
                        break;
                    case SegmentSent s:
                        _sent[s.Id] = s;
                        if (s.Sender is not null) _lastSentBy[s.Sender] = s;
                        var (seq, ack) = rel.Next(s.Segment);
                        OnSegment(s, seq, ack, rel);
                        break;
                    case StaleDataDelivered st:
                        Add(st.Time, "stale.delivered", ("endpoint", st.Endpoint), ("bytes", N(st.Bytes)), ("sender", st.Sender),
                            ("connection", N(st.SenderConnection)));
                        break;
                    case AppResult { Event: "nagle" } r:
                        _nagleHeld.TryAdd(r.Endpoint, r.Time);
                        break;
                    case AppResult { Event: "connect", Result: "EADDRINUSE" } r:
                        Add(r.Time, "app.connect.eaddrinuse", ("endpoint", r.Endpoint));
                        break;
                    case RunEnded r:
                        Add(r.Time, r.Reason == "no event left" ? "run.end.drained" : "run.end.stopped", ("reason", r.Reason));
                        break;
                }
            }
            int lost = trace.OfType<SegmentSent>().Count(s => s.Fate == SegmentFate.Lost);
            int retransmitted = trace.OfType<SegmentSent>().Count(s => s.Retransmission);
            Add(null, "run.summary", ("segments", N(trace.OfType<SegmentSent>().Count())), ("lost", N(lost)), ("retransmitted", N(retransmitted)));
            return new Explanation(_lines);
        }

        private void OnState(StateChanged c)
        {
            _state[c.Endpoint] = c.To;
            _stateSince[c.Endpoint] = c.Time;
            if (c.From == TcpState.SynSent && c.To == TcpState.Established) _establishedActiveNow.Add(c.Endpoint);
            string id = StateMessage(c);
            var args = new List<(string, string)> { ("endpoint", c.Endpoint), ("cause", c.Cause) };
            if (id == "state.listen") args.Add(("port", _port.TryGetValue(c.Endpoint, out ushort p) ? N(p) : "?"));
            if (id == "state.timewait.expired")
                args.Add(("duration", _timeWaitSince.TryGetValue(c.Endpoint, out SimTime since) ? MessageCatalog.FormatDuration(c.Time - since) : "?"));
            if (id == "state.synack.gaveup") args.Add(("count", N(_synAckRetransmits.GetValueOrDefault(c.Endpoint))));
            if (id is "state.syn.gaveup" or "state.retx.gaveup") args.Add(("duration", MessageCatalog.FormatDuration(c.Time - FirstSend(c.Endpoint))));
            _lines.Add(new ExplainLine(c.Time, id,
                [.. args.Select(a => new ExplainArg(a.Item1, a.Item2)), new ExplainArg("from", c.From.ToRfcName(), ArgKind.State),
                    new ExplainArg("to", c.To.ToRfcName(), ArgKind.State)]));
            if (c.To == TcpState.TimeWait)
                Add(c.Time, Linux ? "rule.timewait.linux" : "rule.timewait.rfc", ("endpoint", c.Endpoint)).Indent();
        }

        /// <summary>Whether <paramref name="endpoint"/> changes state at the time of event <paramref name="index"/>, after it.</summary>
        private bool LeavesStateNow(int index, string endpoint)
        {
            for (int j = index + 1; j < trace.Events.Count && trace.Events[j].Time == trace.Events[index].Time; j++)
            {
                if (trace.Events[j] is StateChanged c && c.Endpoint == endpoint) return true;
            }
            return false;
        }

        /// <summary>When the segment the endpoint last retransmitted was first sent: retry budgets count from there.</summary>
        private SimTime FirstSend(string endpoint) => _retransmittingSince.GetValueOrDefault(endpoint, _now);

        /// <summary>The message for a state change, from the cause the endpoint recorded (see TcpEndpoint).</summary>
        private static string StateMessage(StateChanged c)
        {
            string cause = c.Cause;
            if (cause.Contains("time_wait 0s", StringComparison.Ordinal)) return "state.notimewait";
            if (cause.Contains("handshake two-way", StringComparison.Ordinal)) return "state.twoway";
            return (cause, c.To) switch
            {
                ("listen()", _) => "state.listen",
                ("connect()", _) => "state.connect",
                ("SYN received (passive open)", _) => "state.synrcvd",
                ("ACK with a valid SYN cookie (cookie_v4_check)", _) => "state.synrcvd.cookie",
                ("SYN-ACK received", _) => "state.established.active",
                ("ACK of SYN-ACK (accepted)", _) => "state.established.passive",
                ("SYN received in SYN-SENT (simultaneous open)", _) => "state.simopen",
                ("SYN-ACK received (simultaneous open)", _) => "state.simopen.established",
                ("close()" or "shutdown()", TcpState.FinWait1) => "state.finwait1",
                ("close()", TcpState.LastAck) => "state.lastack",
                ("close()" or "shutdown()", TcpState.Closed) when c.From == TcpState.Listen => "state.closed.listener",
                ("close()" or "shutdown()", TcpState.Closed) => "state.closed.app",
                ("close() queued before ESTABLISHED", _) => "state.finwait1.queued",
                ("ACK of our FIN", TcpState.FinWait2) => "state.finwait2",
                ("ACK of our FIN", TcpState.Closed) => "state.lastack.closed",
                ("FIN received", TcpState.CloseWait) => "state.closewait",
                ("FIN received", TcpState.TimeWait) => "state.timewait",
                ("FIN+ACK of our FIN received", _) => "state.timewait.finack",
                ("FIN received (simultaneous close)", _) => "state.closing",
                ("ACK of our FIN (simultaneous close)", _) => "state.closing.timewait",
                ("2MSL timer expired", _) => "state.timewait.expired",
                ("SYN-ACK retries exhausted (synack_retries)", _) => "state.synack.gaveup",
                ("RST in SYN-RECEIVED: half-open connection dropped, back to LISTEN", _) => "state.synrcvd.rst",
                ("SYN in SYN-RECEIVED: half-open connection dropped, back to LISTEN", _) => "state.synrcvd.syn",
                ("RST received: connection reset", _) => "state.reset",
                ("RST received in CLOSE-WAIT", _) => "state.reset.closewait",
                ("ACK for a full accept queue: reset (tcp_abort_on_overflow)", _) => "state.overflow.reset",
                ("RST received before our FIN was acknowledged", _) => "state.reset.closing",
                ("RST,ACK in SYN-SENT: connection refused", _) => "state.refused",
                ("RST in TIME-WAIT", _) => "state.timewait.rst",
                ("new SYN above the old sequence space: TIME-WAIT ends", _) => "state.timewait.newsyn",
                ("4-tuple reused by connect() (tcp_tw_reuse)", _) => "state.timewait.reused",
                ("SYN retries exhausted (syn_retries)", _) => "state.syn.gaveup",
                ("FIN retries exhausted (orphan_retries)" or "retransmissions exhausted (retries2)", _) => "state.retx.gaveup",
                ("FIN-WAIT-2 timeout (fin_timeout)", _) => "state.finwait2.timeout",
                ("data after close(): reset (Linux)", _) => "state.dataafterclose",
                ("abort()", _) => "state.abort",
                ("close() with unread data: RST (tcp_close)", _) => "state.close.unread",
                _ => "state.generic",
            };
        }

        /// <summary>Why data went again: the RTO, a tail-loss probe, RACK's reordering timer, or (no timer) the ACKs of later segments.</summary>
        private string DataRetransmission(string who)
        {
            if (_retransmitFiredNow.Contains(who)) return "seg.data.retx";
            if (_lossTimerFiredNow.TryGetValue(who, out TimerKind timer))
                return timer == TimerKind.LossProbe ? "seg.data.retx.probe" : "seg.data.retx.reorder";
            return "seg.data.retx.fast";
        }

        /// <summary>
        /// New data: sent as it was written; or data that Nagle's algorithm held, sent by the tail-loss probe or when an
        /// ACK arrives (<paramref name="waited"/>: since it was first held).
        /// </summary>
        private string NewData(SegmentSent s, string who, out string? waited)
        {
            waited = null;
            if (_lossTimerFiredNow.TryGetValue(who, out TimerKind timer) && timer == TimerKind.LossProbe)
            {
                _nagleHeld.Remove(who);
                return "seg.data.probe";
            }
            if (!_nagleHeld.Remove(who, out SimTime since)) return "seg.data";
            bool onAck = _lastArrival.TryGetValue(who, out SegmentSent? took) && took.ArrivesAt == s.Time && took.Segment.Is(TcpFlags.Ack);
            if (!onAck) return "seg.data";
            waited = MessageCatalog.FormatDuration(s.Time - since);
            return "seg.data.nagle";
        }

        private void OnSegment(SegmentSent s, uint seq, uint ack, RelativeSequence rel)
        {
            Segment g = s.Segment;
            string who = s.Sender ?? s.FromHost;
            var key = (who, g.Seq.Value, g.Flags & (TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst), g.Length);
            SimDuration? since = s.Retransmission && _lastCopy.TryGetValue(key, out SimTime prev) ? s.Time - prev : null;
            if (g.SequenceLength > 0)
            {
                _lastCopy[key] = s.Time;
                if (!s.Retransmission) _firstCopy[key] = s.Time;
                else if (_firstCopy.TryGetValue(key, out SimTime first)) _retransmittingSince[who] = first;
            }
            string interval = since is SimDuration d ? MessageCatalog.FormatDuration(d) : "?";
            var common = new (string, string)[]
            {
                ("endpoint", who), ("from", s.FromHost), ("to", s.ToHost), ("seq", N(RelativeSequence.Signed(seq))), ("ack", N(RelativeSequence.Signed(ack))),
                ("len", N(g.Length)), ("flags", g.Flags.ToTcpdump()), ("interval", interval),
            };
            TcpState state = s.Sender is null ? TcpState.Closed : _state.GetValueOrDefault(s.Sender);
            bool syn = g.Is(TcpFlags.Syn), ackFlag = g.Is(TcpFlags.Ack), fin = g.Is(TcpFlags.Fin), rst = g.Is(TcpFlags.Rst);
            if (fin) _finEnd[(g.Source, g.Destination)] = seq + (uint)g.Length + 1;
            if (syn && !ackFlag)
            {
                // A new connection on this 4-tuple: forget the FINs of the old one.
                _finEnd.Remove((g.Source, g.Destination));
                _finEnd.Remove((g.Destination, g.Source));
                _finAcked.Remove((g.Source, g.Destination));
                _finAcked.Remove((g.Destination, g.Source));
            }
            string id;
            if (s.Fate == SegmentFate.Injected) id = "seg.injected";
            else if (s.Fate == SegmentFate.Duplicate) id = "seg.duplicate";
            else if (rst) id = s.Sender is null ? "seg.rst.host" : state == TcpState.SynReceived ? "seg.rst.synrcvd" : "seg.rst";
            else if (syn && !ackFlag)
            {
                if (s.Retransmission)
                {
                    _synRetransmits[who] = _synRetransmits.GetValueOrDefault(who) + 1;
                    common = [.. common, ("count", N(_synRetransmits[who]))];
                }
                id = s.Retransmission ? "seg.syn.retx" : "seg.syn";
            }
            else if (syn)
            {
                if (s.Retransmission) _synAckRetransmits[who] = _synAckRetransmits.GetValueOrDefault(who) + 1;
                // A SYN-ACK from the listener itself: a SYN cookie, nothing kept (tcp_syn_flood_action).
                bool cookie = state == TcpState.Listen;
                if (cookie) _cookieAnswered.Add((g.Destination, g.Source));
                id = cookie ? "seg.synack.cookie" : !s.Retransmission ? "seg.synack"
                    : _retransmitFiredNow.Remove(who) ? "seg.synack.retx.timer" : "seg.synack.retx.dup";
            }
            else if (fin)
            {
                id = s.Retransmission ? "seg.fin.retx" : g.Length > 0 ? "seg.fin.data" : "seg.fin";
                if (g.Length > 0) _nagleHeld.Remove(who);
            }
            else if (g.Length > 0 && s.Retransmission) id = DataRetransmission(who);
            else if (g.Length > 0)
            {
                id = NewData(s, who, out string? waited);
                if (waited is not null) common = [.. common, ("waited", waited)];
            }
            else if (state == TcpState.TimeWait && _stateSince[who] < s.Time) id = "seg.ack.timewait";
            else if (_establishedActiveNow.Remove(who)) id = "seg.ack.handshake";
            else if (_lastArrival.TryGetValue(who, out SegmentSent? took) && took.Time <= s.Time && took.ArrivesAt == s.Time
                     && took.Segment.Is(TcpFlags.Syn | TcpFlags.Ack)) id = "seg.ack.synack-again";
            else if (_finEnd.TryGetValue((g.Destination, g.Source), out uint end) && ack == end && _finAcked.Add((g.Destination, g.Source)))
                id = "seg.ack.fin";
            else id = "seg.ack";
            Add(s.Time, id, common);

            if (id == "seg.syn.retx" && !_synScheduleTold)
            {
                _synScheduleTold = true;
                Add(s.Time, Linux ? "rule.syn.schedule.linux" : "rule.syn.schedule.rfc").Indent();
            }
            OnSack(s, rel, ack);
            switch (s.Fate)
            {
                case SegmentFate.Lost:
                    string loss = id == "seg.ack.handshake" && _cookieAnswered.Contains((g.Source, g.Destination)) ? "fate.lost.handshake-ack.cookie" : LossMessage(id);
                    Add(s.Time, loss, ("endpoint", who), ("cause", s.Cause ?? "")).Indent();
                    break;
                case SegmentFate.Delayed when s.ArrivesAt is SimTime at:
                    Add(s.Time, "fate.delayed", ("arrives", MessageCatalog.FormatTime(at)), ("cause", s.Cause ?? "")).Indent();
                    break;
            }
        }

        /// <summary>What the segment's SACK blocks tell its peer: a duplicate (D-SACK), then what lies beyond a hole.</summary>
        private void OnSack(SegmentSent s, RelativeSequence rel, uint ack)
        {
            var blocks = s.Segment.Options.Sack;
            if (blocks.Count == 0) return;
            var segment = s.Segment;
            string Range(SackBlock b) => $"{N(RelativeSequence.Signed(rel.OfPeer(segment, b.Left)))}-{N(RelativeSequence.Signed(rel.OfPeer(segment, b.Right)))}";
            string endpoint = s.Sender ?? s.FromHost;
            int first = 0;
            if (SackText.FirstIsDuplicate(blocks, segment.Ack))
            {
                Add(s.Time, "sack.duplicate", ("endpoint", endpoint), ("block", Range(blocks[0]))).Indent();
                first = 1;
            }
            if (blocks.Count > first)
            {
                string ranges = string.Join(", ", blocks.AsSpan()[first..].ToArray().Select(Range));
                Add(s.Time, "sack.blocks", ("endpoint", endpoint), ("blocks", ranges), ("ack", N(RelativeSequence.Signed(ack)))).Indent();
            }
        }

        private static string LossMessage(string segmentMessage) => segmentMessage switch
        {
            "seg.syn" or "seg.syn.retx" => "fate.lost.syn",
            "seg.synack" or "seg.synack.retx.timer" or "seg.synack.retx.dup" => "fate.lost.synack",
            "seg.ack.handshake" => "fate.lost.handshake-ack",
            "seg.ack.fin" or "seg.ack.timewait" => "fate.lost.last-ack",
            "seg.fin" or "seg.fin.retx" or "seg.fin.data" => "fate.lost.fin",
            "seg.data" or "seg.data.probe" or "seg.data.retx" or "seg.data.retx.probe" or "seg.data.retx.reorder" or "seg.data.retx.fast" => "fate.lost.data",
            _ => "fate.lost",
        };

        private LineRef Add(SimTime? time, string id, params (string Name, string Value)[] args)
        {
            _lines.Add(new ExplainLine(time, id, [.. args.Select(a => new ExplainArg(a.Name, a.Value))]));
            return new LineRef(_lines, _lines.Count - 1);
        }

        private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Lets a fact just added be indented under the one before it.</summary>
    private readonly record struct LineRef(List<ExplainLine> Lines, int Index)
    {
        public void Indent() => Lines[Index] = Lines[Index] with { Indent = 1 };
    }
}
