using Spectre.Console;

namespace Simulator.Cli.Output;

/// <summary>
/// Progress of many runs done in parallel: a live bar when the error stream is a terminal, else a plain line at
/// every tenth of the work. <see cref="Advance"/> is safe from any thread.
/// </summary>
public sealed class RunProgress
{
    private readonly TextWriter _plain;
    private readonly string _label;
    private readonly long _total;
    private readonly Lock _lock = new();
    private long _done;
    private long _failed;
    private long _nextReport;
    private ProgressTask? _bar;

    private RunProgress(TextWriter plain, string label, long total)
    {
        _plain = plain;
        _label = label;
        _total = total;
        _nextReport = Step;
    }

    private long Step => Math.Max(1, _total / 10);

    /// <summary>Runs <paramref name="work"/> with a progress display on <paramref name="stderr"/>.</summary>
    public static void Show(TextWriter stderr, string label, long total, Action<RunProgress> work)
    {
        var progress = new RunProgress(stderr, label, total);
        bool terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!terminal)
        {
            work(progress);
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress().AutoClear(true).Start(ctx =>
        {
            progress._bar = ctx.AddTask(label, maxValue: total);
            work(progress);
        });
    }

    public void Advance(bool failed)
    {
        long done = Interlocked.Increment(ref _done);
        long failures = failed ? Interlocked.Increment(ref _failed) : Interlocked.Read(ref _failed);
        if (_bar is ProgressTask bar)
        {
            bar.Increment(1);
            if (failed) bar.Description = $"{_label} ({failures} failed)";
            return;
        }
        lock (_lock)
        {
            if (done < _nextReport && done != _total) return;
            _nextReport = done + Step;
            _plain.WriteLine($"{_label}: {done}/{_total} runs, {failures} failed");
        }
    }
}
