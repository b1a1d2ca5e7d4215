using System.Globalization;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Charts;

/// <summary>
/// One segment of a run as charts and the report show it, with seq/ack and the SACK blocks it carries (as
/// <see cref="Export.SackText"/> writes them; null: none) relative, or absolute when asked.
/// </summary>
public sealed record SegmentRow(SegmentSent Sent, uint Seq, uint Ack, SimTime? DeliveredAt, string? Sack = null)
{
    public SimTime Time => Sent.Time;
    public Segment Segment => Sent.Segment;
    public bool Lost => Sent.Fate == SegmentFate.Lost;

    /// <summary>
    /// <c>SYN seq=0</c>, <c>SYN,ACK seq=0 ack=1</c>, <c>PSH,ACK seq=1 ack=1 len=100</c>, <c>RST seq=1</c>,
    /// <c>ACK seq=1 ack=1 sack 1449-2897</c>.
    /// </summary>
    public string Label
    {
        get
        {
            var s = Segment;
            string text = $"{SegmentText.FlagNames(s.Flags)} seq={Seq.ToString(CultureInfo.InvariantCulture)}";
            if (s.Is(TcpFlags.Ack)) text += $" ack={Ack.ToString(CultureInfo.InvariantCulture)}";
            if (s.Length > 0) text += $" len={s.Length.ToString(CultureInfo.InvariantCulture)}";
            if (Sack is not null) text += " " + Sack;
            return text;
        }
    }

    /// <summary>What is special about the segment: <c>retransmission</c>, <c>LOST</c>, <c>duplicate</c>, <c>delayed</c>, <c>INJECTED</c>.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            var notes = new List<string>();
            if (Sent.Retransmission) notes.Add("retransmission");
            notes.Add(Sent.Fate switch
            {
                SegmentFate.Lost => "LOST",
                SegmentFate.Duplicate => "duplicate",
                SegmentFate.Delayed => "delayed",
                SegmentFate.Injected => "INJECTED",
                _ => "",
            });
            if (Sent.Sender is null && Sent.Fate != SegmentFate.Injected) notes.Add("from host stack");
            notes.RemoveAll(n => n.Length == 0);
            return notes;
        }
    }

    /// <summary>Hover text: time, direction, label, notes and fate.</summary>
    public string Tooltip
    {
        get
        {
            string arrival = Lost ? "never arrives" : DeliveredAt is { } d ? $"arrives {TimeFormat.Instant(d)}" : "still in flight at the end";
            string notes = Notes.Count > 0 ? " [" + string.Join(", ", Notes) + "]" : "";
            return $"{TimeFormat.Instant(Time)} {Sent.FromHost} → {Sent.ToHost}: {Label}{notes}; {arrival}";
        }
    }
}

public static class SegmentText
{
    private static readonly (TcpFlags Bit, string Name)[] Order =
    [
        (TcpFlags.Fin, "FIN"), (TcpFlags.Syn, "SYN"), (TcpFlags.Rst, "RST"), (TcpFlags.Psh, "PSH"), (TcpFlags.Ack, "ACK"), (TcpFlags.Urg, "URG"),
    ];

    /// <summary>Flag names in the order Wireshark lists them: <c>SYN,ACK</c>, <c>FIN,PSH,ACK</c>, <c>RST,ACK</c>.</summary>
    public static string FlagNames(TcpFlags flags)
    {
        string[] names = Order.Where(o => flags.Has(o.Bit)).Select(o => o.Name).ToArray();
        return names.Length == 0 ? "none" : string.Join(',', names);
    }

    /// <summary>Every segment of the trace in wire order, numbered relative to each side's ISN unless <paramref name="absoluteSeq"/>.</summary>
    public static IReadOnlyList<SegmentRow> Rows(Trace trace, bool absoluteSeq)
    {
        var delivered = new Dictionary<long, SimTime>();
        foreach (var d in trace.OfType<SegmentDelivered>())
            delivered.TryAdd(d.Id, d.Time);
        var all = trace.OfType<SegmentSent>().ToList();
        var relative = new RelativeSequence(all.Select(s => s.Segment));
        var rows = new List<SegmentRow>();
        foreach (var sent in all)
        {
            var (seq, ack) = relative.Next(sent.Segment);
            string? sack = Export.SackText.Of(sent.Segment, relative);
            if (absoluteSeq)
            {
                (seq, ack) = (sent.Segment.Seq.Value, sent.Segment.Is(TcpFlags.Ack) ? sent.Segment.Ack.Value : 0);
                sack = Export.SackText.Of(sent.Segment, n => n.Value);
            }
            rows.Add(new SegmentRow(sent, seq, ack, delivered.TryGetValue(sent.Id, out var at) ? at : null, sack));
        }
        return rows;
    }
}
