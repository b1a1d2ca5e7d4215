using SkiaSharp;

namespace Simulator.Charts.Tests;

public sealed class DashesTests
{
    /// <summary>The "on" pieces of a pattern along a line, as (from, to) distances from its start.</summary>
    private static List<(float From, float To)> Pieces(float length, float[] pattern, bool vertical = false)
    {
        using var path = new SKPath();
        if (vertical) Dashes.Add(path, 5, 10, 5, 10 + length, pattern);
        else Dashes.Add(path, 10, 5, 10 + length, 5, pattern);
        SKPoint[] points = path.Points;
        Assert.Equal(0, points.Length % 2);
        var pieces = new List<(float, float)>();
        for (int i = 0; i < points.Length; i += 2)
            pieces.Add(vertical ? (points[i].Y - 10, points[i + 1].Y - 10) : (points[i].X - 10, points[i + 1].X - 10));
        return pieces;
    }

    [Fact]
    public void A_pattern_alternates_on_and_off_and_the_last_piece_stops_at_the_end()
    {
        Assert.Equal([(0f, 7f), (11f, 18f), (22f, 25f)], Pieces(25, [7, 4]));
        Assert.Equal([(0f, 10f), (13f, 15f), (18f, 28f)], Pieces(30, [10, 3, 2, 3]));
        Assert.Equal([(0f, 2f), (5f, 7f)], Pieces(7, [2, 3], vertical: true));
    }

    [Fact]
    public void A_line_of_no_length_has_no_dashes() => Assert.Empty(Pieces(0, [7, 4]));

    [Fact]
    public void The_dotted_grid_reaches_the_svg_as_pieces_not_as_a_path_effect_skia_drops()
    {
        var chart = Core.Charts.SequenceDiagram.Build(Core.Tests.Charts.TestTraces.LostSynAck(), false);
        string svg = System.Text.Encoding.UTF8.GetString(ChartRenderer.Render(chart, ChartFormat.Svg));
        Assert.DoesNotContain("stroke-dasharray", svg);
        // Skia's SVG canvas would have drawn each grid line solid; cut into dots, they are moves in one path.
        Assert.Contains(System.Xml.Linq.XDocument.Parse(svg).Descendants("{http://www.w3.org/2000/svg}path"),
            p => (p.Attribute("d")?.Value.Count(c => c == 'M') ?? 0) > 50);
    }
}
