using Simulator.Core.Network;
using Simulator.Core.Scenarios;

namespace Simulator.Cli.Yaml;

/// <summary><c>hosts:</c> — host name → IPv4 address.</summary>
internal static class HostsSection
{
    public static List<HostSpec> Read(DocNode node, ReadContext context)
    {
        List<HostSpec> hosts = [];
        if (node is not DocMapping mapping)
        {
            context.Report(node, $"'hosts' must be a mapping of host name to IPv4 address (client: 10.0.0.1), not {node.KindName}");
            return hosts;
        }
        if (mapping.Entries.Count == 0) context.Report(node, "'hosts' must define at least one host");
        Dictionary<Ipv4Address, DocScalar> byAddress = [];
        foreach (DocEntry entry in mapping.Entries)
        {
            string name = entry.Key.Value;
            if (Names.CheckName(name, "host") is string problem)
            {
                context.Report(entry.Key, problem);
                continue;
            }
            context.Symbols.AddHostName(name);
            if (context.Scalar(entry.Value, name) is not DocScalar value) continue;
            if (!Ipv4Address.TryParse(value.Value.Trim(), out Ipv4Address address))
            {
                context.Report(value, $"host '{name}': '{value.Value}' is not an IPv4 address (like 10.0.0.1)");
                continue;
            }
            if (byAddress.TryGetValue(address, out DocScalar? first))
            {
                context.Report(value, $"host '{name}': address {address} is already used by host '{first.Value}' (line {first.Start.Line})");
                continue;
            }
            byAddress.Add(address, entry.Key);
            context.Symbols.Hosts.Add(name, address);
            hosts.Add(new HostSpec(name, address));
        }
        return hosts;
    }
}
