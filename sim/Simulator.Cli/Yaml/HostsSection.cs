using Simulator.Core.Network;
using Simulator.Cli.Yaml.Format;
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
            PortRange? ephemeral = null;
            DocNode addressNode = entry.Value;
            if (entry.Value is DocMapping)
            {
                // Long form: { address: 10.0.0.1, ephemeral_ports: 40000-40003 }.
                Fields? f = Fields.Open(entry.Value, $"host '{name}'", ScenarioFormat.Host.Names, context);
                if (f is null) continue;
                f.Require("address", "its IPv4 address, like 'address: 10.0.0.1'");
                if (f.Node("address") is not DocNode a) continue;
                addressNode = a;
                if (f.Scalar("ephemeral_ports") is DocScalar range) ephemeral = ReadRange(range, name, context);
            }
            if (context.Scalar(addressNode, name) is not DocScalar value) continue;
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
            hosts.Add(new HostSpec(name, address, ephemeral));
        }
        return hosts;
    }

    /// <summary><c>LOW-HIGH</c>, both ports, LOW ≤ HIGH (Linux ip_local_port_range).</summary>
    private static PortRange? ReadRange(DocScalar scalar, string host, ReadContext context)
    {
        string text = scalar.Value.Trim();
        int dash = text.IndexOf('-');
        if (dash <= 0)
        {
            context.Report(scalar, $"host '{host}': 'ephemeral_ports' must be a range LOW-HIGH, like 40000-40003");
            return null;
        }
        if (!ScalarValues.TryPort(text[..dash].Trim(), out ushort low, out string error)
            || !ScalarValues.TryPort(text[(dash + 1)..].Trim(), out ushort high, out error))
        {
            context.Report(scalar, $"host '{host}': 'ephemeral_ports': {error}");
            return null;
        }
        if (low > high)
        {
            context.Report(scalar, $"host '{host}': 'ephemeral_ports' {text} is empty: the first port must not be above the last");
            return null;
        }
        return new PortRange(low, high);
    }
}
