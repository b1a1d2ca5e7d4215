using Simulator.Core.Tcp;

namespace Simulator.Cli.Tests;

public sealed class TopLevelTests
{
    private static string WithName(string nameLine) => ScenarioText.Base.Replace("name: t\n", nameLine + "\n", StringComparison.Ordinal);

    [Fact]
    public void Defaults()
    {
        var s = ScenarioText.Valid(ScenarioText.Base);
        Assert.Equal((1UL, TcpProfiles.Linux), (s.Seed, s.Profile));
        Assert.Null(s.Until);
        Assert.Null(s.Description);
        Assert.Empty(s.Faults);
        Assert.Empty(s.Injections);
        Assert.Empty(s.Expectations);
    }

    [Fact]
    public void ExplicitValues()
    {
        var s = ScenarioText.Valid(ScenarioText.Base + "seed: 18446744073709551615\nprofile: rfc9293\nuntil: 2min\ndescription: |\n  two\n  lines\n");
        Assert.Equal(ulong.MaxValue, s.Seed);
        Assert.Equal(TcpProfiles.Rfc9293, s.Profile);
        Assert.Equal(Core.Time.SimTime.FromSeconds(120), s.Until);
        Assert.Equal("two\nlines\n", s.Description);
    }

    [Theory]
    [InlineData("run-1.v2_x")]
    [InlineData("...")]
    [InlineData("a..b")]
    public void NamesThatAreSafeFolderNames(string name) => Assert.Equal(name, ScenarioText.Valid(WithName("name: " + name)).Name);

    [Theory]
    [InlineData("name: ../evil", "contains '/'")]
    [InlineData("name: a/b", "contains '/'")]
    [InlineData("name: a\\b", "contains '\\'")]
    [InlineData("name: .", "cannot be '.'")]
    [InlineData("name: ..", "cannot be '..'")]
    [InlineData("name: two words", "contains a space")]
    [InlineData("name: café", "contains 'é'")]
    [InlineData("name: \"\"", "'name' must not be empty")]
    public void UnsafeNames(string line, string fragment) => ScenarioText.Single(WithName(line), 1, 7, fragment);

    [Fact]
    public void OverlongName() =>
        ScenarioText.Single(WithName("name: " + new string('n', 101)), 1, 7, "'name' is longer than 100 characters");

    [Fact]
    public void NameIsRequired() =>
        ScenarioText.Single(ScenarioText.Base.Replace("name: t\n", "seed: 3\n", StringComparison.Ordinal), 1, 1, "scenario is missing 'name'");

    [Fact]
    public void NameMustBeASingleValue() =>
        ScenarioText.Single(WithName("name: [a, b]"), 1, 7, "'name' must be a single value, not a list");

    [Fact]
    public void UnknownTopLevelKey()
    {
        var error = ScenarioText.Single(ScenarioText.Base + "endpoint: {}\n", 19, 1, "unknown key 'endpoint' in scenario (did you mean 'endpoints'?)");
        Assert.EndsWith("allowed: name, description, seed, profile, until, hosts, links, faults, endpoints, inject, expect, chaos", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("profile: linus", 10, "unknown profile 'linus' (did you mean 'linux'?); allowed: linux, rfc9293")]
    [InlineData("seed: -1", 7, "'seed': '-1' is not a seed")]
    [InlineData("seed: 18446744073709551616", 7, "'seed': '18446744073709551616' is not a seed")]
    [InlineData("seed: 1.5", 7, "is not a seed")]
    [InlineData("until: 0s", 8, "'until' must be greater than 0")]
    [InlineData("until: 100", 8, "'until': '100' has no unit")]
    [InlineData("until: 1.5ns", 8, "not a whole number of nanoseconds")]
    public void BadTopLevelValues(string line, int column, string fragment) =>
        ScenarioText.Single(ScenarioText.Base + line + "\n", 19, column, fragment);

    [Fact]
    public void HostsAreRequired() =>
        ScenarioText.Single("name: t\ninject: []\n", 1, 1, "scenario is missing 'hosts'");

    [Fact]
    public void EndpointsOrInjectionsAreRequired() =>
        ScenarioText.Single("name: t\nhosts: { a: 10.0.0.1 }\n", 1, 1, "scenario is missing 'endpoints'");

    [Fact]
    public void InjectionsAloneAreEnough()
    {
        var s = ScenarioText.Valid("name: t\nhosts: { a: 10.0.0.1, b: 10.0.0.2 }\nlinks: [ { between: [a, b], delay: 0s } ]\ninject: [ { at: 0s, segment: { from: \"a:1\", to: \"b:2\", flags: S, seq: 0 } } ]\n");
        Assert.Empty(s.Endpoints);
        Assert.Single(s.Injections);
    }

    [Theory]
    [InlineData("hosts: { a: 10.0.0 }", 13, "host 'a': '10.0.0' is not an IPv4 address")]
    [InlineData("hosts: { a: 10.0.0.256 }", 13, "not an IPv4 address")]
    [InlineData("hosts: { \"a b\": 10.0.0.1 }", 10, "host name 'a b' contains a space")]
    [InlineData("hosts: { \"a>b\": 10.0.0.1 }", 10, "host name 'a>b' contains '>'")]
    [InlineData("hosts: { a: 10.0.0.1, b: 10.0.0.1 }", 26, "host 'b': address 10.0.0.1 is already used by host 'a' (line 2)")]
    [InlineData("hosts: {}", 8, "'hosts' must define at least one host")]
    [InlineData("hosts: [a, b]", 8, "'hosts' must be a mapping of host name to IPv4 address")]
    [InlineData("hosts: { a: { address: 10.0.0.1, ephemeral_ports: 40003-40000 } }", 51, "host 'a': 'ephemeral_ports' 40003-40000 is empty")]
    [InlineData("hosts: { a: { address: 10.0.0.1, ephemeral_ports: 40000 } }", 51, "'ephemeral_ports' must be a range LOW-HIGH, like 40000-40003")]
    [InlineData("hosts: { a: { address: 10.0.0.1, ephemeral_ports: 0-5 } }", 51, "host 'a': 'ephemeral_ports': ")]
    [InlineData("hosts: { a: { adress: 10.0.0.1 } }", 15, "unknown key 'adress' in host 'a' (did you mean 'address'?)")]
    public void BadHosts(string line, int column, string fragment) =>
        ScenarioText.Single("name: t\n" + line + "\ninject: []\n", 2, column, fragment);

    [Fact]
    public void HostLongForm_GivesTheEphemeralRange()
    {
        var s = ScenarioText.Valid("name: t\nhosts: { a: { address: 10.0.0.1, ephemeral_ports: 40000-40003 }, b: 10.0.0.2 }\ninject: []\n");
        Assert.Equal(new Simulator.Core.Network.PortRange(40000, 40003), s.Hosts[0].EphemeralPorts);
        Assert.Null(s.Hosts[1].EphemeralPorts);
    }
}
