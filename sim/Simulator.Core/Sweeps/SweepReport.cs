using System.Globalization;
using System.Net;
using System.Text;
using Simulator.Core.Charts;

namespace Simulator.Core.Sweeps;

/// <summary>
/// <c>summary.html</c>: one self-contained page for a sweep: what was varied, the charts (embedded images) and the
/// summary table. The same look as a run's report; no scripts, no external files.
/// </summary>
public static class SweepReport
{
    public static string Build(SweepManifest manifest, SweepSummary summary, IReadOnlyList<ReportFigure> figures)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<title>{E(manifest.Scenario)} sweep · tcpsim</title>\n");
        html.Append("<style>\n").Append(HtmlReport.Css).Append("</style>\n</head>\n<body>\n<main>\n<header>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{E(manifest.Scenario)} sweep</h1>\n<dl class=\"facts\">\n");
        Fact(html, "runs", manifest.Runs.ToString(CultureInfo.InvariantCulture));
        Fact(html, "seeds", manifest.Seeds.ToString());
        foreach (SweepAxis axis in manifest.Axes) Fact(html, axis.Key, string.Join(", ", axis.Values));
        html.Append("</dl>\n</header>\n");
        foreach (ReportFigure figure in figures)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section id=\"{E(figure.Id)}\">\n<h2>{E(figure.Heading)}</h2>\n");
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"chart\"><img src=\"{figure.DataUri}\" alt=\"{E(figure.AltText)}\"></div>\n</section>\n");
        }
        html.Append("<section id=\"summary\">\n<h2>Per grid point</h2>\n");
        html.Append("<p class=\"muted\">Success: connect() returned ok, with its 95 % Wilson interval. Times in ms: nearest-rank quantiles over the runs that connected (connect) or closed (close).</p>\n");
        html.Append("<div class=\"table-wrap\"><table>\n<thead><tr>");
        foreach (string key in summary.Keys) html.Append(CultureInfo.InvariantCulture, $"<th>{E(key)}</th>");
        html.Append("<th>runs</th><th>success</th><th>95 % interval</th><th>connect p50</th><th>p90</th><th>p99</th><th>max</th>"
            + "<th>close p50</th><th>p90</th><th>p99</th><th>max</th><th>outcomes</th></tr></thead>\n<tbody>\n");
        foreach (PointSummary p in summary.Points)
        {
            html.Append("<tr>");
            foreach (string value in p.Values) Cell(html, value);
            Cell(html, p.Runs.ToString(CultureInfo.InvariantCulture));
            Cell(html, SweepCsv.Rate(p.SuccessRate));
            Cell(html, $"[{SweepCsv.Rate(p.SuccessLow)}, {SweepCsv.Rate(p.SuccessHigh)}]");
            foreach (TimeQuantiles? q in new[] { p.Connect, p.Close })
                foreach (long? us in q is null ? new long?[4] : [q.P50, q.P90, q.P99, q.Max]) Cell(html, SweepCsv.Millis(us));
            html.Append(CultureInfo.InvariantCulture,
                $"<td>{E(string.Join(", ", summary.OutcomesAt(p).Where(o => o.Runs > 0).Select(o => $"{o.Result} {o.Runs}")))}</td></tr>\n");
        }
        html.Append("</tbody>\n</table></div>\n</section>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Fact(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<div><dt>{E(name)}</dt><dd>{E(value)}</dd></div>\n");

    private static void Cell(StringBuilder html, string text) => html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{E(text)}</td>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
