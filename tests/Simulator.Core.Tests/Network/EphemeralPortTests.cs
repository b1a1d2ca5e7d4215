using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Network;

/// <summary>connect() without a port: a free 4-tuple from the host's ephemeral range, or EADDRNOTAVAIL (__inet_hash_connect).</summary>
public class EphemeralPortTests
{
    private static readonly PortRange FourPorts = new(40000, 40003);

    /// <summary>
    /// Clients c1..cN on a host with the ephemeral <paramref name="range"/> (default four ports); each connects at its
    /// time to server:<paramref name="port"/> and closes at once, so its 4-tuple stays in TIME-WAIT (60 s). With
    /// <paramref name="serverClosesFirst"/> the server closes each connection as it accepts it instead, and the
    /// client closes on EOF: TIME-WAIT is the server's.
    /// </summary>
    private static Trace Run(double[] connectAtMs, TcpOverrides? tcp = null, ushort[]? ports = null, double untilMs = 10_000,
        PortRange? range = null, ulong seed = 1, bool serverClosesFirst = false, IReadOnlyList<FaultRule>? faults = null,
        double serverCloseAfterMs = 0)
    {
        var link = new LinkDirectionSpec(SimDuration.FromMicroseconds(15), SimDuration.Zero, 0, 0, null);
        AppEventKind serverCloses = serverClosesFirst ? AppEventKind.Accepted : AppEventKind.Eof;
        AppEventKind clientCloses = serverClosesFirst ? AppEventKind.Eof : AppEventKind.Established;
        var endpoints = new List<EndpointSpec>
        {
            new("server", "server", 5000, null,
                [Step.At(0, new AppAction(AppActionKind.Listen)), Step.On(serverCloses, Step.Close(), serverCloseAfterMs)]),
        };
        for (int i = 0; i < connectAtMs.Length; i++)
        {
            ushort port = ports?[i] ?? 5000;
            endpoints.Add(new EndpointSpec($"c{i + 1}", "client", null, tcp,
                [Step.At(connectAtMs[i], Step.Connect($"server:{port}")), Step.On(clientCloses, Step.Close())]));
        }
        var scenario = new Scenario
        {
            Name = "ports",
            Seed = seed,
            Until = new SimTime((long)(untilMs * 1e6)),
            Hosts = [new HostSpec("client", ScenarioBuilder.Ip("10.0.0.1"), range ?? FourPorts), new HostSpec("server", ScenarioBuilder.Ip("10.0.0.2"))],
            Links = [new LinkSpec("client", "server", link, link)],
            Faults = faults ?? [],
            Endpoints = endpoints,
        };
        return ScenarioRunner.Run(scenario).Trace!;
    }

    private static ushort[] ClientPorts(Trace t) =>
        [.. t.OfType<SegmentSent>().Where(s => s.Segment.Flags == TcpFlags.Syn).Select(s => s.Segment.Source.Port)];

    [Fact]
    public void FourPortsInTimeWait_FifthConnectFailsWithEaddrnotavail_AndSendsNothing()
    {
        Trace t = Run([0, 100, 200, 300, 400]);
        Assert.Equal([40000, 40001, 40002, 40003], ClientPorts(t).Order().Select(p => (int)p));
        for (int i = 1; i <= 4; i++) Assert.Equal("ok", t.Connect($"c{i}")!.Result);
        AppResult failed = t.Connect("c5")!;
        Assert.Equal("EADDRNOTAVAIL", failed.Result);
        Assert.Equal(new SimTime(400_000_000), failed.Time);
        Assert.Empty(t.States("c5"));
        Assert.DoesNotContain(t.OfType<SegmentSent>(), s => s.Time >= failed.Time && s.FromHost == "client");
    }

    [Fact]
    public void AnotherDestination_SharesThePorts()
    {
        // Four 4-tuples to server:5000 in TIME-WAIT do not stop a connect to server:5001 (no listener: refused).
        Trace t = Run([0, 100, 200, 300, 400], ports: [5000, 5000, 5000, 5000, 5001]);
        Assert.Equal("ECONNREFUSED", t.Connect("c5")!.Result);
    }

    [Fact]
    public void TwReuse1_TakesATimeWaitWhoseLastTimestampIsOneSecondOld()
    {
        Trace t = Run([0, 100, 200, 300, 1050], new TcpOverrides { TwReuse = 1 });
        Assert.Equal("ok", t.Connect("c5")!.Result);
        StateChanged reused = Assert.Single(t.OfType<StateChanged>(), c => c.Cause.Contains("tcp_tw_reuse", StringComparison.Ordinal));
        Assert.Equal(TcpState.TimeWait, reused.From);
        Assert.Equal("c1", reused.Endpoint);                             // the only TIME-WAIT older than 1 s
        Assert.Equal(ClientPorts(t)[0], ClientPorts(t)[4]);
        // tcp_twsk_unique: the new ISS is the TIME-WAIT's SND.NXT (ISS + SYN + FIN) + 65535 + 2.
        Assert.Equal(SynSeqs(t, "client")[0] + 2 + 65537, SynSeqs(t, "client")[4]);
    }

    private static uint[] SynSeqs(Trace t, string host) =>
        [.. t.OfType<SegmentSent>().Where(s => s.FromHost == host && s.Segment.Flags.HasFlag(TcpFlags.Syn)).Select(s => s.Segment.Seq.Value)];

    [Fact]
    public void TwReuse1_TimeWaitYoungerThanOneSecond_IsNotTaken()
    {
        Trace t = Run([0, 100, 200, 300, 900], new TcpOverrides { TwReuse = 1 });
        Assert.Equal("EADDRNOTAVAIL", t.Connect("c5")!.Result);
    }

    [Fact]
    public void TwReuse2_IsLoopbackOnly_SoBetweenHostsNothingIsTaken()
    {
        Trace t = Run([0, 100, 200, 300, 1400], new TcpOverrides { TwReuse = 2 });
        Assert.Equal("EADDRNOTAVAIL", t.Connect("c5")!.Result);
    }

    [Fact]
    public void TimeWaitExpired_PortIsFreeAgain()
    {
        Trace t = Run([0, 100, 200, 300, 60_050], untilMs: 70_000);   // only c1's 60 s are over
        Assert.Equal("ok", t.Connect("c5")!.Result);
        Assert.Equal(ClientPorts(t)[0], ClientPorts(t)[4]);
    }

    public static TheoryData<ulong> Seeds() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TwoPorts_TheLowOneIsTriedFirst_WhateverTheStart(ulong seed)
    {
        // The server closes first, so each client socket is gone once its LAST-ACK is answered, and each connect()
        // finds 40000 free again: __inet_hash_connect rounds its start down to an even offset from the range's low
        // end ("offset &= ~1U"), so 40000 comes first for every start (kernel capture port-server-closes).
        Trace t = Run([0, 100, 200], range: new PortRange(40000, 40001), seed: seed, serverClosesFirst: true);
        Assert.Equal([40000, 40000, 40000], ClientPorts(t).Select(p => (int)p));
        for (int i = 1; i <= 3; i++) Assert.Equal("ok", t.Connect($"c{i}")!.Result);
        // Each SYN ends the server's TIME-WAIT (TCP_TW_SYN), whose SND.NXT (ISS + SYN + FIN) + 65535 + 2 is the ISS
        // of the listener's new connection.
        uint[] synAcks = SynSeqs(t, "server");
        Assert.Equal(synAcks[0] + 2 + 65537, synAcks[1]);
        Assert.Equal(synAcks[1] + 2 + 65537, synAcks[2]);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void OddNumberOfPorts_TheLastOneIsNeverTaken(ulong seed)
    {
        // __inet_hash_connect walks an even number of ports ("remaining &= ~1U"): of 40000-40002 only two are used.
        Trace t = Run([0, 100, 200], range: new PortRange(40000, 40002), seed: seed);
        Assert.Equal([40000, 40001], ClientPorts(t).Order().Select(p => (int)p));
        Assert.Equal("EADDRNOTAVAIL", t.Connect("c3")!.Result);
    }

    [Fact]
    public void TwReuse1_CountsTheSecondFromTimeWaitEntry_NotFromAFinResentIntoIt()
    {
        // One port. c1's ACK of the server's FIN (its second pure ACK) is lost; the FIN resent into c1's TIME-WAIT
        // refreshes TS.Recent, not the entry time (tcp_twsk_unique: tw_entry_stamp + tcp_tw_reuse_delay), so c2,
        // 1.15 s after the entry, takes the 4-tuple (kernel capture port-reuse-tw-lost-ack).
        var lostAck = new FaultRule { Action = FaultAction.Drop, From = "client", Kind = SegmentKind.Ack, Nth = 2 };
        Trace t = Run([0, 1350], new TcpOverrides { TwReuse = 1 }, range: new PortRange(40000, 40000),
            faults: [lostAck], serverCloseAfterMs: 200);
        SimTime entered = Assert.Single(t.OfType<StateChanged>(), c => c.Endpoint == "c1" && c.To == TcpState.TimeWait).Time;
        var connect = new SimTime(1_350_000_000);
        SimTime resentFin = t.OfType<SegmentSent>().Last(s => s.FromHost == "server" && s.Segment.Flags.HasFlag(TcpFlags.Fin) && s.Time < connect).Time;
        Assert.InRange((connect - entered).TotalMilliseconds, 1000.001, 1200);  // over 1 s since the entry ...
        Assert.InRange((connect - resentFin).TotalMilliseconds, 0, 999);        // ... under 1 s since the resent FIN
        Assert.Equal("ok", t.Connect("c2")!.Result);
        Assert.Equal(ClientPorts(t)[0], ClientPorts(t)[1]);
    }
}
