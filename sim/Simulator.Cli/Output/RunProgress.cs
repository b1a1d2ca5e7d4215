using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Simulator.Cli.Output;

/// <summary>
/// Shows how far many runs are while <c>work</c> does them on another thread: a live bar with rate and time left when
/// the error stream is a terminal, otherwise a plain line every few seconds and one at the end, so the logs of batch
/// jobs stay readable. The counters are read, never written, here: the work counts its own runs.
/// </summary>
public static class RunProgress
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BarInterval = TimeSpan.FromMilliseconds(100);

    /// <param name="failed">Runs that failed so far; null when the runs have no verdict (a sweep).</param>
    public static T Show<T>(TextWriter stderr, string label, long total, Func<long> completed, Func<long>? failed, Func<T> work)
    {
        Task<T> task = Task.Factory.StartNew(work, TaskCreationOptions.LongRunning);
        var clock = Stopwatch.StartNew();
        if (IsTerminal(stderr))
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    ProgressTask bar = ctx.AddTask(label, maxValue: Math.Max(total, 1));
                    do
                    {
                        bar.Value = completed();
                        bar.Description = Describe(label, completed(), null, failed?.Invoke(), clock.Elapsed, eta: false);
                    }
                    while (!task.Wait(BarInterval));
                    bar.Value = completed();
                    bar.Description = Describe(label, completed(), null, failed?.Invoke(), clock.Elapsed, eta: false);
                });
        }
        else
        {
            while (!task.Wait(PlainInterval)) stderr.WriteLine(Describe(label, completed(), total, failed?.Invoke(), clock.Elapsed, eta: true));
            if (task.IsCompletedSuccessfully) stderr.WriteLine(Describe(label, completed(), total, failed?.Invoke(), clock.Elapsed, eta: false));
        }
        return task.GetAwaiter().GetResult();
    }

    /// <summary>For work with nothing to return.</summary>
    public static void Show(TextWriter stderr, string label, long total, Func<long> completed, Func<long>? failed, Action work) =>
        Show(stderr, label, total, completed, failed, () => { work(); return 0; });

    private static bool IsTerminal(TextWriter stderr) =>
        ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary><c>label: done/total runs, F failed, R runs/s, ETA S s</c>; the parts known and asked for.</summary>
    private static string Describe(string label, long done, long? total, long? failed, TimeSpan elapsed, bool eta)
    {
        double rate = done / Math.Max(elapsed.TotalSeconds, 1e-9);
        var text = new System.Text.StringBuilder(label);
        text.Append(total is long t ? $": {done}/{t} runs" : "");
        if (failed is long f) text.Append(CultureInfo.InvariantCulture, $"{(total is null ? " (" : ", ")}{f} failed{(total is null ? ")" : "")}");
        text.Append(CultureInfo.InvariantCulture, $"{(total is null ? "  " : ", ")}{rate:F0} runs/s");
        if (eta && total is long all) text.Append(rate > 0 ? string.Create(CultureInfo.InvariantCulture, $", ETA {(all - done) / rate:F0} s") : ", ETA ?");
        return text.ToString();
    }
}
