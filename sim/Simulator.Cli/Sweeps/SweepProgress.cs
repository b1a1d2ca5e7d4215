using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Simulator.Cli.Sweeps;

/// <summary>
/// Shows how far a sweep is while <paramref name="work"/> runs on another thread: a Spectre.Console bar with rate
/// and ETA on a terminal, otherwise a plain line every few seconds (logs of batch jobs stay readable).
/// </summary>
public static class SweepProgress
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static T Run<T>(string label, long total, Func<long> completed, Func<T> work, TextWriter log, bool terminal)
    {
        Task<T> task = Task.Factory.StartNew(work, TaskCreationOptions.LongRunning);
        var clock = Stopwatch.StartNew();
        if (terminal)
        {
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask bar = ctx.AddTask(label, maxValue: Math.Max(total, 1));
                    while (!task.Wait(100))
                    {
                        bar.Value = completed();
                        bar.Description = $"{label}  {Rate(completed(), clock.Elapsed)} runs/s";
                    }
                    bar.Value = bar.MaxValue;
                });
        }
        else
        {
            while (!task.Wait(PlainInterval))
            {
                long done = completed();
                double rate = done / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                string eta = rate > 0 ? ((total - done) / rate).ToString("F0", CultureInfo.InvariantCulture) + " s" : "?";
                log.WriteLine($"{label}: {done}/{total} runs ({100.0 * done / Math.Max(total, 1):F0} %), {Rate(done, clock.Elapsed)} runs/s, ETA {eta}");
            }
        }
        return task.GetAwaiter().GetResult();
    }

    private static string Rate(long done, TimeSpan elapsed) =>
        (done / Math.Max(elapsed.TotalSeconds, 1e-9)).ToString("F0", CultureInfo.InvariantCulture);
}
