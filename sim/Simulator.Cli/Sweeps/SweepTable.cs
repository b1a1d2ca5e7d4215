using Simulator.Core.Sweeps;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Simulator.Cli.Sweeps;

/// <summary>The printed summary: one row per grid point, success rate with its 95 % interval, connect and close quantiles.</summary>
public static class SweepTable
{
    public static void Print(SweepSummary summary, TextWriter writer, bool terminal)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 240;
        var table = new Table().Border(terminal ? TableBorder.Rounded : TableBorder.Ascii);
        foreach (string key in summary.Keys) table.AddColumn(new TableColumn(Markup.Escape(key)).RightAligned());
        foreach (string c in (string[])["runs", "success (95% CI)", "connect p50/p90/p99/max ms", "close p50/p90/p99/max ms", "outcomes"])
            table.AddColumn(new TableColumn(c).RightAligned());
        foreach (PointSummary p in summary.Points)
        {
            string success = $"{SweepCsv.Rate(p.SuccessRate)[..6]} [{SweepCsv.Rate(p.SuccessLow)[..6]}, {SweepCsv.Rate(p.SuccessHigh)[..6]}]";
            string outcomes = string.Join(" ", summary.OutcomesAt(p).Where(o => o.Runs > 0).Select(o => $"{o.Result} {o.Runs}"));
            string[] cells = [.. p.Values, p.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture), success,
                Quantiles(p.Connect), Quantiles(p.Close), outcomes];
            table.AddRow(cells.Select(c => (IRenderable)new Text(c)));
        }
        console.Write(table);
    }

    private static string Quantiles(TimeQuantiles? q) =>
        q is null ? "-" : $"{SweepCsv.Millis(q.P50)} / {SweepCsv.Millis(q.P90)} / {SweepCsv.Millis(q.P99)} / {SweepCsv.Millis(q.Max)}";
}
