using System.Globalization;
using Simulator.Core.Tracing;

namespace Simulator.Core.Charts;

/// <summary>An endpoint as charts name it: where it lives and, for an accepted connection, its listener.</summary>
public sealed record EndpointInfo(string Name, string? Host, ushort? Port, string? Listener)
{
    public string Describe(Trace trace)
    {
        string where = Host is null ? "" : (trace.Hosts.FirstOrDefault(h => h.Name == Host)?.Address.ToString() ?? Host)
            + (Port is { } p ? ":" + p.ToString(CultureInfo.InvariantCulture) : "");
        string role = Listener is null ? "" : $"accepted by {Listener}";
        return string.Join(" · ", new[] { where, role }.Where(s => s.Length > 0));
    }
}

public static class TraceEndpoints
{
    /// <summary>Endpoints in order of creation, then any the trace names without creating them, in order of appearance.</summary>
    public static IReadOnlyList<EndpointInfo> Of(Trace trace)
    {
        var list = new List<EndpointInfo>();
        var seen = new HashSet<string>();
        foreach (var e in trace.OfType<EndpointCreated>())
        {
            if (seen.Add(e.Endpoint)) list.Add(new EndpointInfo(e.Endpoint, e.Host, e.Port, e.Listener));
        }
        foreach (var e in trace.Events)
        {
            string? name = e switch
            {
                StateChanged s => s.Endpoint,
                SegmentSent s => s.Sender,
                SegmentDelivered d => d.Receiver,
                TimerFired f => f.Endpoint,
                _ => null,
            };
            if (name is not null && seen.Add(name))
            {
                string? host = e switch
                {
                    SegmentSent s => s.FromHost,
                    SegmentDelivered d => d.ToHost,
                    _ => null,
                };
                list.Add(new EndpointInfo(name, host, null, null));
            }
        }
        return list;
    }

    /// <summary>The end of the run: its RunEnded event, else the last event.</summary>
    public static Time.SimTime RunEnd(Trace trace) =>
        trace.OfType<RunEnded>().Select(r => r.Time).DefaultIfEmpty(trace.Events.Count > 0 ? trace.Events[^1].Time : Time.SimTime.Zero).Max();
}
