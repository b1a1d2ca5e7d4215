using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Simulator.Core.Randomness;
using Simulator.Core.Scenarios;
using Simulator.Core.Scheduling;
using Simulator.Core.Time;

namespace Simulator.Cli.Commands;

/// <summary>
/// <c>tcpsim bench</c>: the scheduler's hold model (1,000 pending events: take the earliest, schedule one a random
/// time later) and the connection-lifecycle workload, printed as <c>key=value</c> lines. The wall clock lives
/// here, never in the simulation.
/// </summary>
public static class BenchCommand
{
    public const int HoldPending = 1000;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var connections = new Option<int>("--connections")
        {
            Description = "Connection lifecycles to simulate (handshake, 1,000 bytes, close, TIME-WAIT)",
            DefaultValueFactory = _ => 100_000,
            HelpName = "n",
        };
        connections.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--connections must be at least 1");
        });
        var loss = new Option<double>("--loss")
        {
            Description = "Random loss probability per segment on every link",
            DefaultValueFactory = _ => 0.01,
            HelpName = "p",
        };
        loss.Validators.Add(r =>
        {
            double p = r.GetValueOrDefault<double>();
            if (p is < 0 or > 1 || double.IsNaN(p)) r.AddError("--loss must be between 0 and 1");
        });
        var seed = new Option<ulong>("--seed") { Description = "Seed of the workload", DefaultValueFactory = _ => 1, HelpName = "s" };
        var holdEvents = new Option<long>("--hold-events")
        {
            Description = "Events to run through the hold model",
            DefaultValueFactory = _ => 20_000_000,
            HelpName = "n",
        };
        var command = new Command("bench", "Measure the scheduler (hold model) and a many-connection lifecycle workload")
        {
            connections, loss, seed, holdEvents,
        };
        command.SetAction(p => Execute(p.GetValue(connections), p.GetValue(loss), p.GetValue(seed), p.GetValue(holdEvents), stdout));
        return command;
    }

    public static int Execute(int connections, double loss, ulong seed, long holdEvents, TextWriter stdout)
    {
        double holdRate = HoldModel(holdEvents, seed);
        Write(stdout, "hold_events_per_sec", holdRate.ToString("F0", CultureInfo.InvariantCulture));
        Write(stdout, "hold_target_events_per_sec", "10000000");

        Scenario workload = LifecycleWorkload.Build(connections, loss, seed);
        var clock = Stopwatch.StartNew();
        RunResult result = ScenarioRunner.Run(workload, new RunOptions { TraceMode = TraceMode.None });
        double wall = clock.Elapsed.TotalSeconds;
        Write(stdout, "connections", connections.ToString(CultureInfo.InvariantCulture));
        Write(stdout, "completed", result.Counters.Completed.ToString(CultureInfo.InvariantCulture));
        Write(stdout, "events", result.Counters.Events.ToString(CultureInfo.InvariantCulture));
        Write(stdout, "segments", result.Counters.SegmentsSent.ToString(CultureInfo.InvariantCulture));
        Write(stdout, "segments_lost", result.Counters.SegmentsLost.ToString(CultureInfo.InvariantCulture));
        Write(stdout, "sim_end_s", result.Outcome.EndTime.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture));
        Write(stdout, "wall_s", wall.ToString("F3", CultureInfo.InvariantCulture));
        Write(stdout, "events_per_sec", (result.Counters.Events / Math.Max(wall, 1e-9)).ToString("F0", CultureInfo.InvariantCulture));
        Write(stdout, "peak_rss_mb", (Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024)).ToString("F0", CultureInfo.InvariantCulture));
        Write(stdout, "lifecycle_target", "1000000 connections in <= 10 s wall and <= 2048 MB");
        return 0;
    }

    /// <summary>Classic hold model: a queue of 1,000 events; each step takes the earliest and schedules one later.</summary>
    public static double HoldModel(long events, ulong seed)
    {
        var scheduler = new Scheduler(HoldPending * 2);
        var random = new RandomStream(seed, "bench/hold");
        var handler = new HoldHandler(scheduler, random);
        for (int i = 0; i < HoldPending; i++) scheduler.Schedule(new SimTime(random.NextInclusive(1_000_000)), default);
        handler.Run(events / 10); // warm-up
        var clock = Stopwatch.StartNew();
        handler.Run(events);
        return events / clock.Elapsed.TotalSeconds;
    }

    private static void Write(TextWriter stdout, string key, string value) => stdout.WriteLine($"{key}={value}");

    private sealed class HoldHandler(Scheduler scheduler, RandomStream random) : IEventHandler
    {
        public void Handle(in ScheduledEvent e) =>
            scheduler.Schedule(e.At + SimDuration.FromNanoseconds(1 + (long)(random.NextUInt64() >> 44)), e.Payload);

        public void Run(long events) => scheduler.Run(this, maxEvents: events);
    }
}
