using ScottPlot;
using Simulator.Core.Charts;

namespace Simulator.Charts;

/// <summary>The look every chart shares: shipped fonts, the theme's colours and type sizes, quiet frames.</summary>
public static class ChartStyle
{
    public static Color Of(ChartColor c) => new(c.R, c.G, c.B);

    public static Color Ink => Of(ChartTheme.Ink);
    public static Color Muted => Of(ChartTheme.MutedInk);
    public static Color Faint => Of(ChartTheme.Faint);
    public static Color Paper => Of(ChartTheme.Paper);

    /// <summary>Sets fonts, colours and frames on a new plot.</summary>
    public static void Apply(Plot plot)
    {
        ChartFonts.Install();
        plot.FigureBackground.Color = Paper;
        plot.DataBackground.Color = Paper;
        plot.Axes.Color(Muted);
        plot.HideGrid();
        plot.Legend.SetBestFontOnEachRender = false;
        plot.Legend.FontName = ChartFonts.Sans;
        plot.Legend.FontSize = (float)ChartTheme.FontSize(TextRole.LegendText);
        plot.Legend.FontColor = Ink;
        plot.Legend.OutlineWidth = 0;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.FrameLineStyle.Width = 0;
            axis.TickLabelStyle.Font = null;
            axis.TickLabelStyle.FontName = ChartFonts.Sans;
            axis.TickLabelStyle.FontSize = (float)ChartTheme.FontSize(TextRole.TickLabel);
            axis.TickLabelStyle.ForeColor = Muted;
            axis.Label.Font = null;
            axis.Label.FontName = ChartFonts.Sans;
            axis.Label.Bold = false;
            axis.Label.FontSize = (float)ChartTheme.FontSize(TextRole.Caption);
            axis.Label.ForeColor = Muted;
        }
        plot.Axes.Title.Label.Font = null;
        plot.Axes.Title.Label.FontName = ChartFonts.Sans;
        plot.Axes.Title.Label.FontSize = (float)ChartTheme.FontSize(TextRole.Title);
        plot.Axes.Title.Label.ForeColor = Ink;
    }

    /// <summary>A text label in a role's size, weight and face.</summary>
    public static void Style(LabelStyle label, TextRole role)
    {
        // A set typeface would override the name and weight.
        label.Font = null;
        label.FontName = ChartTheme.IsMonospace(role) ? ChartFonts.Mono : ChartFonts.Sans;
        label.FontSize = (float)ChartTheme.FontSize(role);
        label.Bold = ChartTheme.IsBold(role);
        label.Italic = role is TextRole.BreakLabel or TextRole.Note;
    }
}
