using System.CommandLine;
using Simulator.Charts;
using Simulator.Cli.Output;
using Simulator.Core.Charts;
using Simulator.Core.Export;
using Simulator.Core.Tracing;

namespace Simulator.Cli.Commands;

/// <summary>
/// <c>tcpsim plot &lt;output-folder|events.jsonl&gt; [--format png|svg|both] [--width W] [--height H] [--absolute-seq]</c>:
/// re-renders the charts (<c>timeline</c> and <c>sequence</c>, PNG and/or SVG) and <c>report.html</c> from a saved
/// trace, next to the events file.
/// </summary>
public static class PlotCommand
{
    public const string EventsFile = "events.jsonl";

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
        var format = new Option<string>("--format")
        {
            Description = "Chart file format: png, svg or both",
            DefaultValueFactory = _ => "both",
            HelpName = "png|svg|both",
        };
        format.AcceptOnlyFromAmong("png", "svg", "both");
        var width = SizeOption("--width", "Image width in pixels (default: each chart's natural width)");
        var height = SizeOption("--height", "Image height in pixels (default: each chart's natural height)");
        var command = new Command("plot", "Re-render the charts (timeline, sequence) and report.html from a saved trace");
        command.Arguments.Add(input);
        command.Options.Add(format);
        command.Options.Add(width);
        command.Options.Add(height);
        command.Options.Add(absoluteSeq);
        command.SetAction(parseResult => Run(
            parseResult.GetValue(input) ?? "",
            new ChartOptions
            {
                Formats = FormatsOf(parseResult.GetValue(format) ?? "both"),
                Width = parseResult.GetValue(width),
                Height = parseResult.GetValue(height),
                AbsoluteSeq = parseResult.GetValue(absoluteSeq),
            },
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static Option<int?> SizeOption(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description, HelpName = "pixels" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } v && (v < ChartSize.Smallest || v > ChartSize.Largest))
                result.AddError($"{name} must be between {ChartSize.Smallest} and {ChartSize.Largest} pixels, got {v}");
        });
        return option;
    }

    public static IReadOnlyList<ChartFormat> FormatsOf(string format) => format switch
    {
        "png" => [ChartFormat.Png],
        "svg" => [ChartFormat.Svg],
        _ => [ChartFormat.Png, ChartFormat.Svg],
    };

    /// <summary>Exit code 0 when every file was written, 1 when the trace could not be read or written, 2 for a bad path.</summary>
    public static int Run(string input, ChartOptions options, TextWriter stdout, TextWriter stderr)
    {
        string eventsPath;
        if (Directory.Exists(input))
            eventsPath = Path.Combine(input, EventsFile);
        else if (File.Exists(input))
            eventsPath = input;
        else
        {
            stderr.WriteLine($"tcpsim plot: no such folder or file: {input}");
            return 2;
        }
        if (!File.Exists(eventsPath))
        {
            stderr.WriteLine($"tcpsim plot: {eventsPath} not found (run the scenario with JSONL output first)");
            return 2;
        }
        string folder = Path.GetDirectoryName(Path.GetFullPath(eventsPath))!;

        Trace trace;
        IReadOnlyList<ExpectationOutcome> expectations;
        try
        {
            trace = JsonlTrace.Read(File.ReadAllText(eventsPath), eventsPath);
            expectations = ScenarioRun.ReadVerdicts(folder);
        }
        catch (Exception e) when (e is TraceFormatException or InvalidOperationException or FormatException or IOException or InvalidDataException)
        {
            stderr.WriteLine($"tcpsim plot: cannot read {eventsPath}: {e.Message}");
            return 1;
        }

        foreach (var (name, content) in RunCharts.Files(trace, expectations, options))
        {
            string path = Path.Combine(folder, name);
            try
            {
                AtomicFileWriter.WriteAllBytes(path, content);
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
