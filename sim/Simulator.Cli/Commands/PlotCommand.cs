using System.CommandLine;
using Simulator.Cli.Output;
using Simulator.Core.Charts;
using Simulator.Core.Tracing;

namespace Simulator.Cli.Commands;

/// <summary>
/// <c>tcpsim plot &lt;output-folder|events.jsonl&gt; [--absolute-seq]</c>: re-renders <c>timeline.svg</c>,
/// <c>sequence.svg</c> and <c>report.html</c> from a saved trace, next to the events file.
/// </summary>
public static class PlotCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input")
        {
            Description = "A run's output folder, or its events.jsonl file",
        };
        var absoluteSeq = new Option<bool>("--absolute-seq")
        {
            Description = "Label segments with absolute sequence numbers instead of numbers relative to each side's ISN",
        };
        var command = new Command("plot", "Re-render timeline.svg, sequence.svg and report.html from a saved trace");
        command.Arguments.Add(input);
        command.Options.Add(absoluteSeq);
        command.SetAction(parseResult => Run(
            parseResult.GetValue(input) ?? "",
            parseResult.GetValue(absoluteSeq),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Exit code 0 when all three files were written, 1 when the trace could not be read or written, 2 for a bad path.</summary>
    public static int Run(string input, bool absoluteSeq, TextWriter stdout, TextWriter stderr)
    {
        if (SavedTrace.Load(input, "plot", stderr, out string folder, out int code) is not Trace trace) return code;
        IReadOnlyList<ExpectationOutcome> expectations;
        try
        {
            expectations = ScenarioRun.ReadVerdicts(folder);
        }
        catch (IOException e)
        {
            stderr.WriteLine($"tcpsim plot: cannot read the verdicts in {folder}: {e.Message}");
            return 1;
        }

        var outputs = new (string Name, Func<string> Render)[]
        {
            ("timeline.svg", () => SvgWriter.Write(StateTimeline.Build(trace))),
            ("sequence.svg", () => SvgWriter.Write(SequenceDiagram.Build(trace, absoluteSeq))),
            ("report.html", () => HtmlReport.Build(new ReportInput(trace, expectations, absoluteSeq))),
        };
        foreach (var (name, render) in outputs)
        {
            string path = Path.Combine(folder, name);
            try
            {
                AtomicFileWriter.WriteAllText(path, render());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"tcpsim plot: cannot write {path}: {e.Message}");
                return 1;
            }
            stdout.WriteLine($"wrote {path}");
        }
        return 0;
    }
}
