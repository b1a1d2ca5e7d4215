using Simulator.Core.Chaos;
using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tests.Support;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Tests.Chaos;

/// <summary>Schedules: drawn within bounds and reproducibly, applied as ordinary faults, shrunk to what matters.</summary>
public sealed class ScheduleTests
{
    private static Scenario Transfer(double loss = 0) => ScenarioBuilder.ClientServer()
        .Link(new LinkDirectionSpec(SimDuration.FromMicroseconds(15), SimDuration.Zero, loss, 0, null))
        .Server(Step.On(AppEventKind.Received, Step.Send(5000), bytes: 100), Step.On(AppEventKind.Eof, Step.Close()))
        .Client(Step.At(0, Step.Connect()), Step.On(AppEventKind.Established, Step.Send(100)), Step.On(AppEventKind.Received, Step.Close(), bytes: 5000))
        .Build();

    [Fact]
    public void Generate_SameSeedAndRun_SameSchedule_OtherRunsDiffer()
    {
        Scenario s = Transfer();
        FaultSchedule a = ScheduleGenerator.Generate(s, ChaosBounds.Default, 7, 12);
        Assert.Equal(a, ScheduleGenerator.Generate(s, ChaosBounds.Default, 7, 12));
        var others = Enumerable.Range(0, 50).Select(i => ScheduleGenerator.Generate(s, ChaosBounds.Default, 7, i)).ToArray();
        Assert.True(others.Distinct().Count() > 40);
    }

    [Fact]
    public void Generate_StaysWithinBounds()
    {
        var bounds = new ChaosBounds
        {
            MaxFaults = 2, Actions = [FaultAction.Delay], Kinds = [SegmentKind.Fin], MaxNth = 2,
            MaxDelay = SimDuration.FromMilliseconds(50), MaxLoss = 0.1, MaxDuplicate = 0, MaxJitter = SimDuration.Zero,
        };
        for (int run = 0; run < 500; run++)
        {
            FaultSchedule s = ScheduleGenerator.Generate(Transfer(), bounds, 1, run);
            Assert.InRange(s.Faults.Count, 0, 2);
            Assert.All(s.Faults, f =>
            {
                Assert.Equal(FaultAction.Delay, f.Action);
                Assert.Equal(SegmentKind.Fin, f.Kind);
                Assert.InRange(f.Nth ?? f.Count ?? 1, 1, 2);
                Assert.InRange(f.By.Nanoseconds, 1, SimDuration.FromMilliseconds(50).Nanoseconds);
            });
            Assert.All(s.Noise, n => Assert.True(n.Loss <= 0.1 && n.Duplicate == 0 && n.Jitter == SimDuration.Zero && n.Loss > 0));
        }
    }

    [Fact]
    public void ApplyTo_AppendsFaultsAndAddsNoiseToOneDirection()
    {
        var drop = new FaultRule { Action = FaultAction.Drop, From = "client", Kind = SegmentKind.Syn, Nth = 1 };
        var schedule = new FaultSchedule([drop], [new LinkNoise("server", "client", 0.25, 0, SimDuration.FromMilliseconds(2))]);
        Scenario s = schedule.ApplyTo(Transfer(loss: 0.5));
        Assert.Equal([drop], s.Faults);
        Assert.Equal(0.5, s.Links[0].AToB.Loss);
        Assert.Equal(0.75, s.Links[0].BToA.Loss);
        Assert.Equal(SimDuration.FromMilliseconds(2), s.Links[0].BToA.Jitter);
    }

    [Fact]
    public void Shrink_KeepsOnlyTheFaultThatMatters_AtItsSmallest()
    {
        var needed = new FaultRule { Action = FaultAction.Delay, From = "client", Kind = SegmentKind.Data, Count = 3, By = SimDuration.FromSeconds(2) };
        var noise1 = new FaultRule { Action = FaultAction.Drop, From = "server", Kind = SegmentKind.Fin, Nth = 2 };
        var noise2 = new FaultRule { Action = FaultAction.Duplicate, From = "client", Kind = SegmentKind.Ack, By = SimDuration.FromMilliseconds(3) };
        var failing = new FaultSchedule([noise1, needed, noise2], [new LinkNoise("client", "server", 0.1, 0.05, SimDuration.FromMilliseconds(1))]);
        // The "bug": any delay of client data by 100 ms or more.
        static bool Fails(FaultSchedule s) =>
            s.Faults.Any(f => f.Action == FaultAction.Delay && f.Kind == SegmentKind.Data && f.By >= SimDuration.FromMilliseconds(100));
        FaultSchedule shrunk = Shrinker.Shrink(failing, null, Fails);
        FaultRule only = Assert.Single(shrunk.Faults);
        Assert.Empty(shrunk.Noise);
        Assert.Equal(1, only.Nth);
        Assert.Null(only.Count);
        Assert.InRange(only.By.Nanoseconds, SimDuration.FromMilliseconds(100).Nanoseconds, SimDuration.FromMilliseconds(200).Nanoseconds - 1);
    }

    [Fact]
    public void Concretize_RandomLossBecomesTargetedDrops_ThatReplayTheSameWire()
    {
        Scenario scenario = Transfer();
        var schedule = new FaultSchedule([], [new LinkNoise("client", "server", 0.4, 0, SimDuration.Zero), new LinkNoise("server", "client", 0.3, 0, SimDuration.Zero)]);
        Trace noisy = ScenarioRunner.Run(schedule.ApplyTo(scenario)).Trace!;
        int randomLosses = noisy.OfType<SegmentSent>().Count(s => s.Cause == "random loss");
        Assert.True(randomLosses >= 2);

        FaultSchedule concrete = Shrinker.Concretize(schedule, noisy)!;
        Assert.Empty(concrete.Noise);
        Assert.Equal(randomLosses, concrete.Faults.Count);
        Trace replay = ScenarioRunner.Run(concrete.ApplyTo(scenario)).Trace!;
        Assert.Equal(Wire(noisy), Wire(replay));
    }

    [Fact]
    public void Check_ARunThatThrows_IsACrash_AndACleanRunPasses()
    {
        Assert.Null(ChaosCheck.Run(Transfer(), FaultSchedule.Empty, new ChaosOptions()).Violation);
        Violation? v = ChaosCheck.Run(Transfer() with { Profile = "no-such-profile" }, FaultSchedule.Empty, new ChaosOptions()).Violation;
        Assert.Equal(ChaosCheck.Crash, v?.Check);
        Assert.Contains("ArgumentException: unknown profile 'no-such-profile'", v!.Message);
    }

    [Fact]
    public void Check_EventLimitTooLow_BreaksEnds()
    {
        Violation? v = ChaosCheck.Run(Transfer(), FaultSchedule.Empty, new ChaosOptions { MaxEvents = 10 }).Violation;
        Assert.Equal("ends", v?.Check);
    }

    private static string[] Wire(Trace t) =>
        [.. t.OfType<SegmentSent>().Select(s => $"{s.Time} {s.FromHost} {s.Segment.Flags} {s.Segment.Seq.Value} {s.Segment.Length} {(s.Fate == SegmentFate.Lost ? "LOST" : "")}")];
}
