using System.Text.RegularExpressions;
using Simulator.Core.Charts;

namespace Simulator.Core.Tests.Charts;

public sealed class HtmlReportTests
{
    private static string Report(bool absolute = false) => HtmlReport.Build(new ReportInput(
        TestTraces.LostSynAck(),
        [new ExpectationOutcome(true, "client states: SYN-SENT ESTABLISHED"), new ExpectationOutcome(false, "count server>client SYN-ACK == 2 <got 3>")],
        [new ReportFigure("timeline", "States over time", "lost-synack: TCP states <over> time", "data:image/png;base64,AAAA"),
         new ReportFigure("sequence", "Sequence diagram", "segments", "data:image/png;base64,BBBB")],
        absolute));

    [Fact]
    public void The_page_holds_each_figure_as_an_embedded_image_with_its_text()
    {
        string html = Report();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal(2, Regex.Count(html, "<img src=\"data:image/png;base64,"));
        Assert.Contains("<section id=\"timeline\">\n<h2>States over time</h2>", html);
        Assert.Contains("<section id=\"sequence\">\n<h2>Sequence diagram</h2>", html);
        Assert.Contains("alt=\"lost-synack: TCP states &lt;over&gt; time\"", html);
        Assert.True(html.IndexOf("id=\"timeline\"", StringComparison.Ordinal) < html.IndexOf("id=\"sequence\"", StringComparison.Ordinal));
    }

    [Fact]
    public void State_changes_and_timer_expiries_are_listed_with_cause_and_duration()
    {
        string html = Report();
        int section = html.IndexOf("<section id=\"states\">", StringComparison.Ordinal);
        Assert.True(section > 0);
        string states = html[section..];
        // What the charts' hover titles told: how long a state lasted and what caused the change.
        Assert.Contains("<td>client</td><td>SYN-SENT → <strong>ESTABLISHED</strong></td>", states);
        Assert.Contains("retransmission timer expired", states);
        Assert.Matches("<td>server#1</td><td>LISTEN → <strong>SYN-RECEIVED</strong></td><td>[^<]+</td><td class=\"num\">[0-9.]+ (ms|s)</td>", states);
        Assert.Contains("(still at the end of the run)", states);
    }

    [Fact]
    public void The_page_needs_nothing_from_outside()
    {
        string html = Report();
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(http", html);
    }

    [Fact]
    public void Scenario_facts_and_expectations_are_listed()
    {
        string html = Report();
        Assert.Contains("<h1>lost-synack</h1>", html);
        Assert.Contains("The server&#39;s first SYN-ACK is dropped.", html);
        Assert.Contains("<dt>profile</dt><dd>linux</dd>", html);
        Assert.Contains("<dt>seed</dt><dd>42</dd>", html);
        Assert.Contains("1 of 2 passed", html);
        Assert.Contains("<span class=\"badge pass\">PASS</span> client states: SYN-SENT ESTABLISHED", html);
        Assert.Contains("<span class=\"badge fail\">FAIL</span> count server&gt;client SYN-ACK == 2 &lt;got 3&gt;", html);
    }

    [Fact]
    public void The_segment_table_marks_lost_rows()
    {
        string report = Report();
        string html = report[report.IndexOf("<section id=\"segments\">", StringComparison.Ordinal)..report.IndexOf("<section id=\"states\">", StringComparison.Ordinal)];
        var rows = Regex.Count(html, "<tr( class=\"[^\"]*\")?><td class=\"num\">");
        Assert.Equal(7, rows);
        var lost = Regex.Matches(html, "<tr class=\"lost\">.*?</tr>").Select(m => m.Value).ToList();
        var row = Assert.Single(lost);
        Assert.Contains("server → client", row);
        Assert.Contains("[S.]", row);
        Assert.Contains("<strong>LOST</strong>", row);
        Assert.Contains("<td class=\"num\">0.050</td>", row);
        Assert.Equal(3, Regex.Count(html, "<tr class=\"retx\">"));
        Assert.Contains("relative to each side", html);
    }

    [Fact]
    public void Absolute_numbers_in_the_table_on_request()
    {
        string html = Report(absolute: true);
        Assert.Contains($"<td class=\"num\">{TraceScript.ClientIsn}</td>", html);
        Assert.Contains("numbers absolute", html);
    }

    [Fact]
    public void A_run_without_expectations_says_so() =>
        Assert.Contains("No expectation results", HtmlReport.Build(new ReportInput(TestTraces.Normal(), [], [])));
}
