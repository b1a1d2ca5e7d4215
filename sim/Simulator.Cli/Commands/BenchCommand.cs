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
/// time later), the connection-lifecycle workload, and the memory an idle connection and a pending event take,
/// printed as <c>key=value</c> lines, each target on the line after its figure. The wall clock and the memory
/// probes live here, never in the simulation.
/// </summary>
public static class BenchCommand
{
    public const int HoldPending = 1000;
    public const int WarmUpConnections = 20_000;

    /// <summary>The lifecycle target: this many connections within <see cref="TargetWallSeconds"/> and <see cref="TargetPeakMb"/>.</summary>
    public const int TargetConnections = 1_000_000;
    public const double TargetWallSeconds = 10;
    public const int TargetPeakMb = 2048;

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

        // Warm-up, as for the hold model: without it a 100 k run spends a third of its time in not-yet-optimized code.
        ScenarioRunner.Run(LifecycleWorkload.Build(WarmUpConnections, loss, seed + 1), new RunOptions { TraceMode = TraceMode.None });
        Lifecycle(connections, loss, seed, stdout);
        // After the run, so the probes start from a heap without its million connections.
        int idleSample = Math.Min(connections, 100_000);
        Write(stdout, "idle_connection_bytes", IdleConnectionBytes(idleSample, seed).ToString("F0", CultureInfo.InvariantCulture));
        Write(stdout, "pending_event_bytes", PendingEventBytes().ToString("F1", CultureInfo.InvariantCulture));
        return 0;
    }

    private static void Lifecycle(int connections, double loss, ulong seed, TextWriter stdout)
    {
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
        // The cost is linear in connections, so the 1 M target scales down to smaller runs.
        Write(stdout, "wall_target_s", (TargetWallSeconds * connections / TargetConnections).ToString("F3", CultureInfo.InvariantCulture));
        Write(stdout, "events_per_sec", (result.Counters.Events / Math.Max(wall, 1e-9)).ToString("F0", CultureInfo.InvariantCulture));
        Write(stdout, "peak_rss_mb", (Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024)).ToString("F0", CultureInfo.InvariantCulture));
        Write(stdout, "peak_rss_target_mb", TargetPeakMb.ToString(CultureInfo.InvariantCulture));
        Write(stdout, "lifecycle_target", "1000000 connections in <= 10 s wall and <= 2048 MB");
    }

    /// <summary>
    /// Managed memory per connection in TIME-WAIT, the state a client spends nearly all its life in: a lossless
    /// copy of the workload paused at 11 s (every client in TIME-WAIT, every accepted connection closed and
    /// released), heap growth over the run divided by the connections. It counts the socket, its demultiplexing
    /// and application entries, and its two queued timers (2MSL and the stale FIN-WAIT-2 one); not the scenario.
    /// </summary>
    public static double IdleConnectionBytes(int connections, ulong seed)
    {
        Scenario workload = LifecycleWorkload.Build(connections, 0, seed) with { Until = new SimTime(SimDuration.FromSeconds(11).Nanoseconds) };
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var runner = ScenarioRunner.Start(workload, new RunOptions { TraceMode = TraceMode.None });
        runner.Execute();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(runner);
        GC.KeepAlive(workload);
        return (double)(after - before) / connections;
    }

    /// <summary>Managed memory per queued event: a million timer-like events, heap growth over their scheduling.</summary>
    public static double PendingEventBytes()
    {
        const int events = 1_000_000;
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var scheduler = new Scheduler();
        var random = new RandomStream(1, "bench/pending");
        for (int i = 0; i < events; i++) scheduler.Schedule(new SimTime(random.NextInclusive(120_000_000_000)), default);
        long after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(scheduler);
        return (double)(after - before) / events;
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

    /// <summary>A struct, so <c>Scheduler.Run</c> is compiled for it and the call to Handle is direct.</summary>
    private readonly struct HoldHandler(Scheduler scheduler, RandomStream random) : IEventHandler
    {
        public void Handle(in ScheduledEvent e) =>
            scheduler.Schedule(e.At + SimDuration.FromNanoseconds(1 + (long)(random.NextUInt64() >> 44)), e.Payload);

        public void Run(long events) => scheduler.Run(this, maxEvents: events);
    }
}
