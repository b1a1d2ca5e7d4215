using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Time;

namespace Simulator.Core.Scenarios;

/// <summary>
/// The benchmark workload: N client sockets, each opening a connection to one listener, sending 1,000 bytes and
/// closing, over 10 ms links with random loss, starts spread evenly over 10 s, run until every timer (TIME-WAIT
/// included) has expired.
/// </summary>
public static class LifecycleWorkload
{
    public static Scenario Build(int connections, double loss, ulong seed, long bytes = 1000)
    {
        var link = new LinkDirectionSpec(SimDuration.FromMilliseconds(10), SimDuration.Zero, loss, 0, null);
        var endpoints = new List<EndpointSpec>(connections + 1)
        {
            new("server", "server", 5000, null,
            [
                new AppStep(new AtTrigger(SimTime.Zero), SimDuration.Zero, new AppAction(AppActionKind.Listen)),
                new AppStep(new OnTrigger(AppEventKind.Eof), SimDuration.Zero, new AppAction(AppActionKind.Close)),
            ]),
        };
        long spreadNs = SimDuration.FromSeconds(10).Nanoseconds;
        var connect = new AppAction(AppActionKind.Connect, "server:5000");
        var send = new AppStep(new OnTrigger(AppEventKind.Established), SimDuration.Zero, new AppAction(AppActionKind.Send, Bytes: bytes));
        var close = new AppStep(new OnTrigger(AppEventKind.Established), SimDuration.Zero, new AppAction(AppActionKind.Close));
        int clientHosts = (connections + PortsPerHost - 1) / PortsPerHost;
        string[] hostNames = [.. Enumerable.Range(0, clientHosts).Select(h => $"client{h}")];
        for (int i = 0; i < connections; i++)
        {
            var start = new SimTime(spreadNs * i / Math.Max(1, connections));
            // Client ports 1024-65535 on as many client hosts as needed (64,512 per host). Only the start step
            // is per client; host names and the on: steps are shared (the specs took ~300 bytes per client).
            endpoints.Add(new EndpointSpec($"c{i}", hostNames[i / PortsPerHost], (ushort)(1024 + i % PortsPerHost), null,
                new[] { new AppStep(new AtTrigger(start), SimDuration.Zero, connect), send, close }));
        }
        var hosts = new List<HostSpec> { new("server", new Ipv4Address(0x0A000001)) };
        var links = new List<LinkSpec>();
        for (int h = 0; h < clientHosts; h++)
        {
            hosts.Add(new HostSpec(hostNames[h], new Ipv4Address(0x0A010000u + (uint)h + 1)));
            links.Add(new LinkSpec($"client{h}", "server", link, link));
        }
        return new Scenario
        {
            Name = "bench-lifecycle",
            Seed = seed,
            Hosts = hosts,
            Links = links,
            Endpoints = endpoints,
        };
    }

    private const int PortsPerHost = 64_512;
}
