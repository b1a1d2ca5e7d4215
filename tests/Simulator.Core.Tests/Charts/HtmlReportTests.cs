using System.Text.RegularExpressions;
using System.Xml.Linq;
using Simulator.Core.Charts;

namespace Simulator.Core.Tests.Charts;

public sealed class HtmlReportTests
{
    private static string Report(bool absolute = false) => HtmlReport.Build(new ReportInput(
        TestTraces.LostSynAck(),
        [new ExpectationOutcome(true, "client states: SYN-SENT ESTABLISHED"), new ExpectationOutcome(false, "count server>client SYN-ACK == 2 <got 3>")],
        absolute));

    [Fact]
    public void The_page_holds_both_charts_inline()
    {
        string html = Report();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal(2, Regex.Count(html, "<svg "));
        Assert.Contains("id=\"timeline\"", html);
        Assert.Contains("id=\"sequence\"", html);
        Assert.DoesNotContain("<?xml", html);
        // Each inline SVG is well-formed XML on its own.
        foreach (Match m in Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline))
            XDocument.Parse(m.Value);
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
        string html = Report();
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
        Assert.Contains("No expectation results", HtmlReport.Build(new ReportInput(TestTraces.Normal(), [])));
}
