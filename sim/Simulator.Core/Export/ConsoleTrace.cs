using System.Globalization;
using System.Text;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Core.Export;

/// <summary>What a console line shows, so a terminal front end can colour it.</summary>
public enum ConsoleLineKind
{
    Segment,
    /// <summary>A segment the network dropped.</summary>
    LostSegment,
    /// <summary>A retransmitted segment, or a copy/late delivery made by the network.</summary>
    UnusualSegment,
    State,
    Timer,
    App,
    Fault,
    Info,
}

/// <summary>How much the console trace shows.</summary>
public enum ConsoleVerbosity
{
    /// <summary>Segments and state changes.</summary>
    Normal,
    /// <summary>Also timers, application calls and results, faults, the end of the run.</summary>
    Detailed,
}

public readonly record struct ConsoleLine(string Text, ConsoleLineKind Kind)
{
    public override string ToString() => Text;
}

/// <summary>
/// The human-readable trace: one line per segment and per state change, in time order, in aligned columns.
/// Plain text (the arrow and the cross are the only non-ASCII characters); colour is the caller's business.
/// </summary>
/// <example>
/// <code>
///    0.000  client > server  [S]   seq 0   ack 0   len 0
///    0.000  client           CLOSED → SYN-SENT
///    0.015  server > client  [S.]  seq 0   ack 1   len 0    ✗ LOST
///    0.151  server > client  [.]   seq 1   ack 1   len 0    sack 101-102
/// </code>
/// </example>
public static class ConsoleTrace
{
    public const string LostMark = "✗ LOST";

    public static IReadOnlyList<ConsoleLine> Render(Trace trace, ConsoleVerbosity verbosity = ConsoleVerbosity.Normal)
    {
        bool detailed = verbosity == ConsoleVerbosity.Detailed;
        var sent = trace.OfType<SegmentSent>().ToList();
        var rel = new RelativeSequence(sent.Select(s => s.Segment));
        var relOf = new Dictionary<long, (uint Seq, uint Ack)>();
        var sackOf = new Dictionary<long, string>();
        foreach (var s in sent)
        {
            relOf[s.Id] = rel.Next(s.Segment);
            if (SackText.Of(s.Segment, rel) is string sack) sackOf[s.Id] = sack;
        }

        // Column widths over the whole trace, so every line lines up.
        var shown = trace.Events.Where(e => detailed || e is SegmentSent or StateChanged or StaleDataDelivered).ToList();
        int timeWidth = Math.Max(1, shown.Select(e => e.Time.ToMillisecondsString().Length).DefaultIfEmpty(5).Max());
        int whoWidth = Math.Max(
            sent.Select(s => s.FromHost.Length + 3 + s.ToHost.Length).DefaultIfEmpty(0).Max(),
            shown.Select(Actor).Select(a => a.Length).DefaultIfEmpty(0).Max());
        int seqWidth = relOf.Values.Select(v => Digits(v.Seq)).DefaultIfEmpty(1).Max();
        int ackWidth = relOf.Values.Select(v => Digits(v.Ack)).DefaultIfEmpty(1).Max();
        int lenWidth = sent.Select(s => Digits((uint)s.Segment.Length)).DefaultIfEmpty(1).Max();

        var lines = new List<ConsoleLine>();
        foreach (var e in shown)
        {
            string time = e.Time.ToMillisecondsString().PadLeft(timeWidth);
            string prefix = time + "  ";
            switch (e)
            {
                case SegmentSent s:
                {
                    var (seq, ack) = relOf[s.Id];
                    var sb = new StringBuilder(prefix);
                    sb.Append((s.FromHost + " > " + s.ToHost).PadRight(whoWidth)).Append("  ");
                    sb.Append(s.Segment.Flags.ToTcpdump().PadRight(5)).Append(' ');
                    sb.Append(CultureInfo.InvariantCulture, $"seq {seq.ToString(CultureInfo.InvariantCulture).PadRight(seqWidth)}  ");
                    sb.Append(CultureInfo.InvariantCulture, $"ack {ack.ToString(CultureInfo.InvariantCulture).PadRight(ackWidth)}  ");
                    sb.Append(CultureInfo.InvariantCulture, $"len {s.Segment.Length.ToString(CultureInfo.InvariantCulture).PadRight(lenWidth)}");
                    var notes = new List<string>();
                    if (s.Fate == SegmentFate.Lost) notes.Add(LostMark);
                    else if (SegmentNotes.For(s.Fate) is string n) notes.Add(n);
                    if (s.Retransmission) notes.Add("retransmission");
                    if (sackOf.TryGetValue(s.Id, out string? sackWords)) notes.Add(sackWords);
                    if (detailed && s.Cause is not null) notes.Add("(" + s.Cause + ")");
                    if (notes.Count > 0) sb.Append("  ").Append(string.Join("  ", notes));
                    var kind = s.Fate switch
                    {
                        SegmentFate.Lost => ConsoleLineKind.LostSegment,
                        SegmentFate.Delivered or SegmentFate.Injected when !s.Retransmission => ConsoleLineKind.Segment,
                        _ => ConsoleLineKind.UnusualSegment,
                    };
                    lines.Add(new(sb.ToString().TrimEnd(), kind));
                    break;
                }
                case StateChanged c:
                {
                    string text = prefix + c.Endpoint.PadRight(whoWidth) + "  " + c.From.ToRfcName() + " → " + c.To.ToRfcName();
                    if (detailed && c.Cause.Length > 0) text += "  (" + c.Cause + ")";
                    lines.Add(new(text, ConsoleLineKind.State));
                    break;
                }
                case TimerSet t:
                    lines.Add(new(prefix + t.Endpoint.PadRight(whoWidth) + "  timer " + TimerName(t.Timer)
                        + " set for " + t.Deadline.ToMillisecondsString(), ConsoleLineKind.Timer));
                    break;
                case TimerFired t:
                    lines.Add(new(prefix + t.Endpoint.PadRight(whoWidth) + "  timer " + TimerName(t.Timer) + " fired",
                        ConsoleLineKind.Timer));
                    break;
                case AppCall a:
                    lines.Add(new(prefix + a.Endpoint.PadRight(whoWidth) + "  " + a.Call + "(" + a.Detail + ")",
                        ConsoleLineKind.App));
                    break;
                case AppResult r:
                    lines.Add(new(prefix + r.Endpoint.PadRight(whoWidth) + "  " + r.Event + " → " + r.Result
                        + (r.Detail is null ? "" : " (" + r.Detail + ")"), ConsoleLineKind.App));
                    break;
                case StaleDataDelivered st:
                    lines.Add(new(prefix + st.Endpoint.PadRight(whoWidth) + string.Create(CultureInfo.InvariantCulture,
                        $"  {SegmentNotes.Stale}: {st.Bytes} bytes sent by {st.Sender} (connection {st.SenderConnection}) delivered as new data"),
                        ConsoleLineKind.Fault));
                    break;
                case FaultApplied f:
                    lines.Add(new(prefix + Actor(f).PadRight(whoWidth) + string.Create(CultureInfo.InvariantCulture,
                        $"  {f.Action} segment #{f.SegmentId}: {f.Description}"), ConsoleLineKind.Fault));
                    break;
                case RunEnded r:
                    lines.Add(new(prefix + Actor(r).PadRight(whoWidth) + string.Create(CultureInfo.InvariantCulture,
                        $"  {r.Reason} ({r.EventsProcessed} events)"), ConsoleLineKind.Info));
                    break;
                case EndpointCreated c:
                    lines.Add(new(prefix + c.Endpoint.PadRight(whoWidth) + string.Create(CultureInfo.InvariantCulture,
                        $"  created on {c.Host}:{c.Port}") + (c.Listener is null ? "" : " by " + c.Listener), ConsoleLineKind.Info));
                    break;
                default:
                    break;
            }
        }
        return lines;
    }

    /// <summary>Lines joined with <c>\n</c>, a final newline included.</summary>
    public static string RenderText(Trace trace, ConsoleVerbosity verbosity = ConsoleVerbosity.Normal)
    {
        var sb = new StringBuilder();
        foreach (var line in Render(trace, verbosity)) sb.Append(line.Text).Append('\n');
        return sb.ToString();
    }

    private static string Actor(TraceEvent e) => e switch
    {
        StateChanged c => c.Endpoint,
        TimerSet t => t.Endpoint,
        TimerFired t => t.Endpoint,
        AppCall a => a.Endpoint,
        AppResult r => r.Endpoint,
        EndpointCreated c => c.Endpoint,
        FaultApplied f => string.Create(CultureInfo.InvariantCulture, $"fault {f.Rule}"),
        RunEnded => "run",
        _ => "",
    };

    private static string TimerName(TimerKind kind) => kind switch
    {
        TimerKind.Retransmit => "retransmit",
        TimerKind.DelayedAck => "delayed-ack",
        TimerKind.TimeWait => "time-wait",
        TimerKind.FinWait2 => "fin-wait-2",
        TimerKind.LossProbe => "loss-probe",
        TimerKind.Persist => "persist",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static int Digits(uint v) => v.ToString(CultureInfo.InvariantCulture).Length;
}
