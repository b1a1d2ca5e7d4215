using Simulator.Core.Network;

namespace Simulator.Cli.Yaml;

/// <summary>
/// The hosts, links and endpoints a scenario defines, for checking references to them. Names are recorded even when
/// their definition has errors, so that one mistake is reported once rather than at every reference.
/// </summary>
internal sealed class ScenarioSymbols
{
    private readonly HashSet<(string, string)> _links = [];

    private readonly List<string> _hostNames = [];
    private readonly HashSet<string> _hostNameSet = new(StringComparer.Ordinal);

    /// <summary>Every host name defined, in file order, whether or not its address is valid.</summary>
    public IReadOnlyList<string> HostNames => _hostNames;

    /// <summary>Host name → address, for hosts whose address is valid.</summary>
    public Dictionary<string, Ipv4Address> Hosts { get; } = new(StringComparer.Ordinal);

    /// <summary>Endpoint name → what other parts of the scenario need to know about it.</summary>
    public Dictionary<string, EndpointSymbol> Endpoints { get; } = new(StringComparer.Ordinal);

    /// <summary>False when some link had errors: then "no link between" cannot be told for sure and is not reported.</summary>
    public bool LinksComplete { get; set; } = true;

    public bool IsHost(string name) => _hostNameSet.Contains(name);

    public void AddHostName(string name)
    {
        if (_hostNameSet.Add(name)) _hostNames.Add(name);
    }

    public void AddLink(string a, string b)
    {
        _links.Add((a, b));
        _links.Add((b, a));
    }

    /// <summary>Whether a link joins the two hosts; also true when that cannot be known because of other errors.</summary>
    public bool HasLink(string a, string b) => !LinksComplete || _links.Contains((a, b));

    public bool HasAnyLink(string host) => !LinksComplete || _links.Any(l => l.Item1 == host);
}

/// <summary>
/// An endpoint as references see it: its host (null if unknown), its port if fixed, and whether it listens or
/// connects. <see cref="Complete"/> is false when its definition had errors, so facts about it are uncertain.
/// </summary>
internal sealed record EndpointSymbol(string Name, string? Host, ushort? Port, bool Listens, bool Connects, bool Complete);
