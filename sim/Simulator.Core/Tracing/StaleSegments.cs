using Simulator.Core.Tcp;

namespace Simulator.Core.Tracing;

/// <summary>
/// Which segments carried bytes a connection took from an earlier incarnation of its 4-tuple: for each
/// <see cref="StaleDataDelivered"/>, the last segment delivered to that endpoint whose payload holds the first stale
/// byte. Outputs mark these (<c>STALE</c> in segments.txt, a marker in the charts).
/// </summary>
public static class StaleSegments
{
    /// <summary>The ids of the <see cref="SegmentSent"/> events whose bytes were delivered as stale.</summary>
    public static IReadOnlySet<long> Ids(Trace trace)
    {
        var ids = new HashSet<long>();
        if (!trace.OfType<StaleDataDelivered>().Any()) return ids;
        var sent = new Dictionary<long, SegmentSent>();
        var delivered = new Dictionary<string, List<long>>();
        foreach (TraceEvent e in trace.Events)
        {
            switch (e)
            {
                case SegmentSent s:
                    sent[s.Id] = s;
                    break;
                case SegmentDelivered d when d.Receiver is not null:
                    if (!delivered.TryGetValue(d.Receiver, out var list)) delivered[d.Receiver] = list = [];
                    list.Add(d.Id);
                    break;
                case StaleDataDelivered st when delivered.TryGetValue(st.Endpoint, out var got):
                    for (int i = got.Count - 1; i >= 0; i--)
                    {
                        Segment seg = sent[got[i]].Segment;
                        SeqNum start = seg.Seq + (seg.Is(TcpFlags.Syn) ? 1 : 0);
                        if (seg.Length > 0 && st.Seq.InWindow(start, start + seg.Length))
                        {
                            ids.Add(got[i]);
                            break;
                        }
                    }
                    break;
            }
        }
        return ids;
    }
}
