namespace Simulator.Core.Charts;

/// <summary>Type sizes and colours shared by chart builders (for fitting text) and renderers (for drawing it).</summary>
public static class ChartTheme
{
    public static readonly ChartColor Ink = ChartColor.Parse("#1f2328");
    public static readonly ChartColor MutedInk = ChartColor.Parse("#57606a");
    public static readonly ChartColor Faint = ChartColor.Parse("#d0d7de");
    public static readonly ChartColor LaneBackground = ChartColor.Parse("#f6f8fa");
    public static readonly ChartColor Paper = ChartColor.White;

    public static double FontSize(TextRole role) => role switch
    {
        TextRole.Title => 18,
        TextRole.Subtitle => 13,
        TextRole.LaneName => 13,
        TextRole.LaneDetail => 11,
        TextRole.TickLabel => 11,
        TextRole.BreakLabel => 11,
        TextRole.TimeLabel => 11,
        TextRole.StateNote => 11,
        TextRole.Note => 11,
        TextRole.Caption => 11,
        TextRole.LegendText => 12,
        TextRole.ArrowLabel => 12,
        TextRole.SpanLabel => 12,
        _ => 12,
    };

    public static bool IsBold(TextRole role) => role is TextRole.Title or TextRole.LaneName or TextRole.SpanLabel;

    /// <summary>Roles set in a monospaced face (numbers that should line up).</summary>
    public static bool IsMonospace(TextRole role) => role is TextRole.ArrowLabel or TextRole.TimeLabel;
}

/// <summary>
/// Width of text without a font engine, for the chart builders' layout decisions (does a state name fit its span,
/// do two arrow labels collide): per-character estimates for DejaVu Sans, the face the charts ship and draw with,
/// slightly generous so that what is judged to fit does fit, or for its monospaced face.
/// </summary>
public static class TextMetrics
{
    public static double Width(string text, TextRole role) =>
        Width(text, ChartTheme.FontSize(role), ChartTheme.IsBold(role), ChartTheme.IsMonospace(role));

    public static double Width(string text, double fontSize, bool bold = false, bool monospace = false)
    {
        double em = 0;
        foreach (char c in text)
            em += monospace ? 0.62 : Advance(c);
        return em * fontSize * (bold && !monospace ? 1.07 : 1.0);
    }

    // Advances in em, close to the widest common fallback (DejaVu Sans), so that text judged to fit does fit.
    private static double Advance(char c) => c switch
    {
        ' ' => 0.32,
        'i' or 'l' or 'j' or '.' or ',' or ':' or ';' or '\'' or '|' or '!' or '·' => 0.33,
        'f' or 't' or 'r' or 'I' or '(' or ')' or '[' or ']' or '-' => 0.42,
        'm' or 'w' or 'M' or 'W' or '@' or '%' => 0.92,
        '⋯' or '—' or '×' or '→' => 1.0,
        '#' or '=' or '+' or '<' or '>' => 0.84,
        >= '0' and <= '9' => 0.64,
        >= 'A' and <= 'Z' => 0.74,
        >= 'a' and <= 'z' => 0.6,
        _ => 0.66,
    };
}

/// <summary>Colours of segment arrows and event markers (Okabe–Ito, colour-blind-safe), distinct from the state fills.</summary>
public static class EventColors
{
    public static readonly ChartColor Normal = ChartColor.Parse("#1f2328");
    public static readonly ChartColor Retransmission = ChartColor.Parse("#e69f00");
    public static readonly ChartColor Lost = ChartColor.Parse("#d55e00");
    public static readonly ChartColor Duplicate = ChartColor.Parse("#0072b2");
    public static readonly ChartColor Delayed = ChartColor.Parse("#009e73");
    public static readonly ChartColor Injected = ChartColor.Parse("#cc79a7");
    public static readonly ChartColor Timer = ChartColor.Parse("#57606a");

    public static ChartColor Of(ArrowKind kind) => kind switch
    {
        ArrowKind.Retransmission => Retransmission,
        ArrowKind.Lost => Lost,
        ArrowKind.Duplicate => Duplicate,
        ArrowKind.Delayed => Delayed,
        ArrowKind.Injected => Injected,
        _ => Normal,
    };

    public static ChartColor Of(MarkerKind kind) => kind switch
    {
        MarkerKind.Retransmission => Retransmission,
        MarkerKind.Lost => Lost,
        MarkerKind.TimerExpiry => Timer,
        _ => Normal,
    };

    public static string Describe(ArrowKind kind) => kind switch
    {
        ArrowKind.Normal => "segment",
        ArrowKind.Retransmission => "retransmission",
        ArrowKind.Lost => "lost",
        ArrowKind.Duplicate => "network duplicate",
        ArrowKind.Delayed => "delayed",
        ArrowKind.Injected => "injected",
        _ => kind.ToString(),
    };

    public static string Describe(MarkerKind kind) => kind switch
    {
        MarkerKind.Sent => "sent",
        MarkerKind.Received => "received",
        MarkerKind.Retransmission => "retransmitted",
        MarkerKind.Lost => "lost",
        MarkerKind.TimerExpiry => "timer expired",
        _ => kind.ToString(),
    };
}
