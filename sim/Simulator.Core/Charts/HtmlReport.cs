using System.Globalization;
using System.Net;
using System.Text;
using Simulator.Core.Explain;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Core.Charts;

/// <summary>One checked expectation of a scenario, as the report lists it.</summary>
public sealed record ExpectationOutcome(bool Passed, string Text);

/// <summary>
/// A rendered chart for the report: the section it goes in (<c>timeline</c>, <c>sequence</c>), its heading, the text a
/// reader without the picture gets, and the image as a <c>data:</c> URI so the page stays one file.
/// </summary>
public sealed record ReportFigure(string Id, string Heading, string AltText, string DataUri);

/// <summary>What a report is made of: the trace, the expectation results, the charts, and how to number sequence space.</summary>
public sealed record ReportInput(
    Trace Trace, IReadOnlyList<ExpectationOutcome> Expectations, IReadOnlyList<ReportFigure> Figures, bool AbsoluteSeq = false);

/// <summary>
/// A single self-contained HTML page for one run: scenario, description, profile and seed, expectation results, the
/// charts (embedded images), the segment table, and the state changes and timer expiries with their causes. No
/// scripts, no external files.
/// </summary>
public static class HtmlReport
{
    public static string Build(ReportInput input)
    {
        var trace = input.Trace;
        var rows = SegmentText.Rows(trace, input.AbsoluteSeq);
        int passed = input.Expectations.Count(e => e.Passed);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>{E(trace.Scenario)} · tcpsim report</title>\n");
        html.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");

        html.Append("<header>\n");
        html.Append($"<h1>{E(trace.Scenario)}</h1>\n");
        if (!string.IsNullOrWhiteSpace(trace.Description))
            html.Append($"<p class=\"description\">{E(trace.Description!.Trim())}</p>\n");
        html.Append("<dl class=\"facts\">\n");
        Fact(html, "profile", trace.Profile);
        Fact(html, "seed", trace.Seed.ToString(CultureInfo.InvariantCulture));
        Fact(html, "run ended", TimeFormat.Instant(TraceEndpoints.RunEnd(trace)) + RunEndReason(trace));
        Fact(html, "segments", rows.Count.ToString(CultureInfo.InvariantCulture) + LostCount(rows));
        Fact(html, "hosts", string.Join(", ", trace.Hosts.Select(h => $"{h.Name} {h.Address}")));
        if (input.Expectations.Count > 0)
            Fact(html, "expectations", $"{passed} of {input.Expectations.Count} passed", passed == input.Expectations.Count ? "pass" : "fail");
        html.Append("</dl>\n");
        foreach (var st in trace.OfType<StaleDataDelivered>())
            html.Append($"<p class=\"stale\"><strong>STALE</strong> at {E(TimeFormat.Instant(st.Time))}: {E(st.Endpoint)} delivered {st.Bytes.ToString(CultureInfo.InvariantCulture)} bytes "
                + $"sent by {E(st.Sender)} (its connection {st.SenderConnection.ToString(CultureInfo.InvariantCulture)}), an earlier incarnation of the same 4-tuple, as its own data.</p>\n");
        html.Append("</header>\n");

        html.Append("<section id=\"expectations\">\n<h2>Expectations</h2>\n");
        if (input.Expectations.Count == 0)
            html.Append("<p class=\"muted\">No expectation results for this run.</p>\n");
        else
        {
            html.Append("<ul class=\"expectations\">\n");
            foreach (var e in input.Expectations)
            {
                string cls = e.Passed ? "pass" : "fail";
                html.Append($"<li class=\"{cls}\"><span class=\"badge {cls}\">{(e.Passed ? "PASS" : "FAIL")}</span> {E(e.Text)}</li>\n");
            }
            html.Append("</ul>\n");
        }
        html.Append("</section>\n");

        // The same text as tcpsim explain, in English and in Chinese.
        Explanation explanation = TraceExplainer.Explain(trace, ReportFacts);
        html.Append("<section id=\"explanation\">\n<h2>What happened, step by step</h2>\n");
        AppendExplanation(html, explanation, ExplainLanguage.En, "en");
        html.Append("<details lang=\"zh-Hans\">\n<summary>中文说明（逐步解释）</summary>\n");
        AppendExplanation(html, explanation, ExplainLanguage.Zh, "zh-Hans");
        html.Append("</details>\n</section>\n");


        foreach (var figure in input.Figures)
        {
            html.Append($"<section id=\"{E(figure.Id)}\">\n<h2>{E(figure.Heading)}</h2>\n<div class=\"chart\">\n");
            html.Append($"<img src=\"{E(figure.DataUri)}\" alt=\"{E(figure.AltText)}\">\n");
            html.Append("</div>\n</section>\n");
        }

        html.Append("<section id=\"segments\">\n<h2>Segments</h2>\n");
        html.Append($"<p class=\"muted\">Sequence and acknowledgement numbers {(input.AbsoluteSeq ? "absolute" : "relative to each side's initial sequence number")}; ack is 0 when the ACK flag is off.</p>\n");
        html.Append("<div class=\"table-wrap\">\n<table>\n<thead><tr><th>#</th><th>time (ms)</th><th>dir</th><th>flags</th><th>seq</th><th>ack</th><th>len</th><th>notes</th></tr></thead>\n<tbody>\n");
        int n = 0;
        IReadOnlySet<long> stale = StaleSegments.Ids(trace);
        foreach (var row in rows)
        {
            n++;
            var classes = new List<string>();
            if (stale.Contains(row.Sent.Id)) classes.Add("stale");
            if (row.Lost) classes.Add("lost");
            if (row.Sent.Fate == SegmentFate.Injected) classes.Add("injected");
            if (row.Sent.Retransmission) classes.Add("retx");
            string cls = classes.Count > 0 ? $" class=\"{string.Join(' ', classes)}\"" : "";
            string notes = string.Join(" ", row.Notes.Select(x => x is "LOST" or "INJECTED" ? $"<strong>{E(x)}</strong>" : E(x)))
                + (stale.Contains(row.Sent.Id) ? " <strong>STALE</strong>" : "")
                + (row.Sack is null ? "" : $" <span class=\"mono\">{E(row.Sack)}</span>");
            string arrival = row.Lost ? ""
                : row.DeliveredAt is { } at ? $" <span class=\"muted\">arrives {E(at.ToMillisecondsString())}</span>"
                : " <span class=\"muted\">still in flight at the end</span>";
            html.Append($"<tr{cls}><td class=\"num\">{n}</td><td class=\"num\">{E(row.Time.ToMillisecondsString())}</td>")
                .Append($"<td>{E(row.Sent.FromHost)} → {E(row.Sent.ToHost)}</td><td class=\"mono\">{E(row.Segment.Flags.ToTcpdump())}</td>")
                .Append($"<td class=\"num\">{row.Seq.ToString(CultureInfo.InvariantCulture)}</td><td class=\"num\">{row.Ack.ToString(CultureInfo.InvariantCulture)}</td>")
                .Append($"<td class=\"num\">{row.Segment.Length.ToString(CultureInfo.InvariantCulture)}</td><td>{notes}{arrival}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</div>\n</section>\n");
        AppendEndpointEvents(html, trace);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>
    /// Each state change with its cause and each timer expiry, in time order, with how long the state lasted: what the
    /// charts' state spans and notes stand for, in words.
    /// </summary>
    private static void AppendEndpointEvents(StringBuilder html, Trace trace)
    {
        var runEnd = TraceEndpoints.RunEnd(trace);
        // When each state ended: the endpoint's next change (walking backwards, the latest change seen per endpoint).
        var changes = trace.OfType<StateChanged>().ToList();
        var endedAt = new Dictionary<StateChanged, SimTime>(ReferenceEqualityComparer.Instance);
        var nextOf = new Dictionary<string, SimTime>();
        for (int i = changes.Count - 1; i >= 0; i--)
        {
            if (nextOf.TryGetValue(changes[i].Endpoint, out var next)) endedAt[changes[i]] = next;
            nextOf[changes[i].Endpoint] = changes[i].Time;
        }
        html.Append("<section id=\"states\">\n<h2>State changes and timers</h2>\n");
        html.Append("<div class=\"table-wrap\">\n<table>\n<thead><tr><th>time (ms)</th><th>endpoint</th><th>event</th><th>cause</th><th>state lasted</th></tr></thead>\n<tbody>\n");
        foreach (var e in trace.Events)
        {
            switch (e)
            {
                case StateChanged c:
                {
                    string lasted = endedAt.TryGetValue(c, out var end) ? TimeFormat.Duration(end - c.Time)
                        : c.To == TcpState.Closed ? "" : TimeFormat.Duration(runEnd - c.Time) + " (still at the end of the run)";
                    html.Append($"<tr><td class=\"num\">{E(c.Time.ToMillisecondsString())}</td><td>{E(c.Endpoint)}</td>")
                        .Append($"<td>{E(c.From.ToRfcName())} → <strong>{E(c.To.ToRfcName())}</strong></td><td>{E(c.Cause)}</td><td class=\"num\">{E(lasted)}</td></tr>\n");
                    break;
                }
                case TimerFired f:
                    html.Append($"<tr class=\"timer\"><td class=\"num\">{E(f.Time.ToMillisecondsString())}</td><td>{E(f.Endpoint)}</td>")
                        .Append($"<td>{E(ChartText.TimerName(f.Timer))} timer expired</td><td></td><td></td></tr>\n");
                    break;
            }
        }
        html.Append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /// <summary>Facts a report shows; a long transfer's thousands more are for <c>tcpsim explain</c>.</summary>
    private const int ReportFacts = 400;

    private static void AppendExplanation(StringBuilder html, Explanation explanation, ExplainLanguage language, string lang)
    {
        html.Append($"<ul class=\"explain\" lang=\"{lang}\">\n");
        foreach (string line in MessageCatalog.RenderLines(explanation, language)) html.Append($"<li>{E(line)}</li>\n");
        html.Append("</ul>\n");
    }

    private static void Fact(StringBuilder html, string name, string value, string? cls = null) =>
        html.Append($"<div><dt>{E(name)}</dt><dd{(cls is null ? "" : $" class=\"{cls}\"")}>{E(value)}</dd></div>\n");

    private static string RunEndReason(Trace trace) =>
        trace.OfType<RunEnded>().LastOrDefault() is { } r ? $" ({r.Reason})" : "";

    private static string LostCount(IReadOnlyList<SegmentRow> rows)
    {
        int lost = rows.Count(r => r.Lost);
        return lost == 0 ? "" : $", {lost} lost";
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    internal const string Css = """
        :root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; --pass: #1a7f37; --fail: #cf222e; --lost: #fff1ec; --injected: #fbefff; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #fff; color: var(--ink); font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
        main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 48px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
        .description { margin: 0 0 12px; color: var(--muted); max-width: 80ch; }
        .facts { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 0; }
        .facts div { display: flex; gap: 6px; }
        .facts dt { color: var(--muted); }
        .facts dd { margin: 0; font-weight: 600; }
        .facts dd.pass { color: var(--pass); }
        .facts dd.fail { color: var(--fail); }
        .muted { color: var(--muted); }
        .expectations { list-style: none; padding: 0; margin: 0; }
        .expectations li { padding: 4px 0; }
        .badge { display: inline-block; min-width: 3.4em; text-align: center; font-size: 12px; font-weight: 700; border-radius: 4px; padding: 1px 6px; color: #fff; }
        .badge.pass { background: var(--pass); }
        .badge.fail { background: var(--fail); }
        .chart { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
        .chart img { display: block; max-width: 100%; height: auto; }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 14px; }
        th, td { padding: 4px 12px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
        thead th { background: var(--bg); position: sticky; top: 0; }
        tbody tr:nth-child(even) { background: #fbfcfd; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; font-family: ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace; }
        td.mono, span.mono { font-family: ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace; }
        tr.lost, tr.lost:nth-child(even) { background: var(--lost); }
        tr.lost td { color: #a0360b; }
        tr.lost td:nth-child(4) { text-decoration: line-through; }
        tr.injected, tr.injected:nth-child(even) { background: var(--injected); }
        tr.stale, tr.stale:nth-child(even) { background: #ffe8ec; }
        .stale { color: #b8001f; }
        .explain { list-style: none; padding: 0; margin: 0 0 8px; font-size: 14px; }
        .explain li { white-space: pre-wrap; padding: 1px 0; font-family: ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace; }
        details summary { cursor: pointer; color: var(--muted); margin: 6px 0; }
        @media print { .chart { border: none; } main { max-width: none; } }

        """;
}
