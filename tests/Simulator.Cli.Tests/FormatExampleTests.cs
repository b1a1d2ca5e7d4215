using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Time;

namespace Simulator.Cli.Tests;

public sealed class FormatExampleTests
{
    private static readonly Scenario Example = ScenarioText.Valid(ScenarioText.FormatExample);

    [Fact]
    public void TopLevelValues()
    {
        Assert.Equal("lost-synack", Example.Name);
        Assert.Equal("The first SYN-ACK is lost; both 1 s timers fire.", Example.Description);
        Assert.Equal(7UL, Example.Seed);
        Assert.Equal(TcpProfiles.Linux, Example.Profile);
        Assert.Equal(SimTime.FromSeconds(200), Example.Until);
        Assert.Equal(ScenarioText.File, Example.SourceFile);
    }

    [Fact]
    public void Hosts()
    {
        Assert.Equal(
            [new HostSpec("client", new Ipv4Address(0x0A000001)), new HostSpec("server", new Ipv4Address(0x0A000002))],
            Example.Hosts);
    }

    [Fact]
    public void LinkWithPerDirectionOverride()
    {
        LinkSpec link = Assert.Single(Example.Links);
        Assert.Equal(("client", "server"), (link.A, link.B));
        Assert.Equal(new LinkDirectionSpec(SimDuration.FromMicroseconds(15), SimDuration.Zero, 0.01, 0, 1_000_000_000), link.AToB);
        Assert.Equal(new LinkDirectionSpec(SimDuration.FromMicroseconds(15), SimDuration.Zero, 0, 0, 1_000_000_000), link.BToA);
    }

    [Fact]
    public void Faults()
    {
        Assert.Equal(5, Example.Faults.Count);
        FaultRule first = Example.Faults[0];
        Assert.Equal(FaultAction.Drop, first.Action);
        Assert.Equal("server", first.From);
        Assert.Null(first.To);
        Assert.Equal(SegmentKind.SynAck, first.Kind);
        Assert.Equal(1, first.Nth);
        Assert.Null(first.Count);
        Assert.Equal(new SourceSpan(ScenarioText.File, 21, 5), first.Where);

        FaultRule every = Example.Faults[1];
        Assert.Equal((SegmentKind.Syn, (int?)null, (int?)null), (every.Kind, every.Nth, every.Count));
        Assert.True(every.Fires(1000));

        FaultRule delay = Example.Faults[2];
        Assert.Equal(FaultAction.Delay, delay.Action);
        Assert.Equal(SimDuration.FromSeconds(30), delay.By);
        Assert.Null(delay.SentAfter);

        FaultRule duplicate = Example.Faults[3];
        Assert.Equal(FaultAction.Duplicate, duplicate.Action);
        Assert.Equal(SimDuration.FromSeconds(3), duplicate.By);
        Assert.Null(duplicate.SentAfter);

        FaultRule windowed = Example.Faults[4];
        Assert.Equal(SegmentKind.Ack, windowed.Kind);
        Assert.Equal(SimTime.FromSeconds(2), windowed.SentAfter);
        Assert.Null(windowed.SentBefore);
    }

    [Fact]
    public void ServerEndpoint()
    {
        EndpointSpec server = Example.Endpoints.Single(e => e.Name == "server");
        Assert.Equal(("server", (ushort?)5000), (server.Host, server.Port));
        Assert.Equal(5, server.Tcp!.SynackRetries);
        Assert.Null(server.Tcp.SynRetries);
        Assert.Equal(new SourceSpan(ScenarioText.File, 28, 3), server.Where);
        Assert.Equal(2, server.Steps.Count);
        Assert.Equal(new AppStep(new AtTrigger(SimTime.Zero), SimDuration.Zero, new AppAction(AppActionKind.Listen)), server.Steps[0] with { Where = SourceSpan.None });
        Assert.Equal(new SourceSpan(ScenarioText.File, 33, 9), server.Steps[0].Where);
        Assert.Equal(new OnTrigger(AppEventKind.Eof), server.Steps[1].Trigger);
        Assert.Equal(SimDuration.FromSeconds(1), server.Steps[1].After);
        Assert.Equal(AppActionKind.Close, server.Steps[1].Action.Kind);
        Assert.Equal(new SourceSpan(ScenarioText.File, 34, 9), server.Steps[1].Where);
    }

    [Fact]
    public void ClientEndpoint()
    {
        EndpointSpec client = Example.Endpoints.Single(e => e.Name == "client");
        Assert.Equal(("client", (ushort?)40000), (client.Host, client.Port));
        Assert.Null(client.Tcp);
        Assert.Equal(new AppAction(AppActionKind.Connect, "server:5000"), client.Steps[0].Action);
        Assert.Equal(new AtTrigger(SimTime.Zero), client.Steps[0].Trigger);
        Assert.Equal(new AppAction(AppActionKind.Send, null, 100), client.Steps[1].Action);
        Assert.Equal(new OnTrigger(AppEventKind.Established), client.Steps[1].Trigger);
        Assert.Equal(new OnTrigger(AppEventKind.Received, 100), client.Steps[2].Trigger);
        Assert.Equal(AppActionKind.Close, client.Steps[2].Action.Kind);
    }

    [Fact]
    public void Injection()
    {
        InjectSpec inject = Assert.Single(Example.Injections);
        Assert.Equal(new InjectSpec(SimTime.Zero, "client", 40001, "server", 5000, TcpFlags.Syn, 4096, 0, 0), inject with { Where = SourceSpan.None });
        Assert.Equal(new SourceSpan(ScenarioText.File, 51, 5), inject.Where);
    }

    [Fact]
    public void Expectations()
    {
        Assert.Equal(5, Example.Expectations.Count);
        var states = Assert.IsType<StatesExpectation>(Example.Expectations[0]);
        Assert.Equal("client", states.Endpoint);
        Assert.Equal(
            [TcpState.SynSent, TcpState.Established, TcpState.FinWait1, TcpState.FinWait2, TcpState.TimeWait, TcpState.Closed],
            states.States);
        Assert.Equal(new SourceSpan(ScenarioText.File, 55, 5), states.Where);

        var connect = Assert.IsType<ConnectExpectation>(Example.Expectations[1]);
        Assert.Equal(("client", "ok"), (connect.Endpoint, connect.Result));
        Assert.Equal(SimTime.FromMilliseconds(1020), connect.At);
        Assert.Equal(SimDuration.FromMilliseconds(5), connect.Within);

        var final = Assert.IsType<FinalStateExpectation>(Example.Expectations[2]);
        Assert.Equal(("server", TcpState.Closed), (final.Endpoint, final.State));

        var segments = Assert.IsType<SegmentsExpectation>(Example.Expectations[3]);
        Assert.Equal(3, segments.Segments.Count);
        Assert.Equal(new SegmentPattern("client", "server", TcpFlags.Syn, null, null, null, null), segments.Segments[0] with { Where = SourceSpan.None });
        Assert.Equal(new SegmentPattern("server", "client", TcpFlags.Syn | TcpFlags.Ack, null, null, null, "LOST"), segments.Segments[1] with { Where = SourceSpan.None });
        Assert.Equal(new SourceSpan(ScenarioText.File, 65, 9), segments.Segments[1].Where);

        var count = Assert.IsType<CountExpectation>(Example.Expectations[4]);
        Assert.Equal(new CountExpectation("client", null, SegmentKind.Syn, 2), count with { Where = SourceSpan.None });
    }

    [Fact]
    public void LoadingFromDiskNamesThePath()
    {
        string folder = Directory.CreateTempSubdirectory("tcpsim-test-").FullName;
        try
        {
            string path = Path.Combine(folder, "example.yaml");
            File.WriteAllText(path, ScenarioText.FormatExample);
            var result = Yaml.ScenarioLoader.Load(path);
            Assert.True(result.Success);
            Assert.Equal(path, result.Scenario!.SourceFile);
            Assert.Equal(path, result.Scenario.Faults[0].Where.File);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
