using Simulator.Core.Tcp;

namespace Simulator.Core.Charts;

/// <summary>
/// One colour per TCP state, the same in every chart: Paul Tol's colour-blind-safe "muted" scheme (plus his pale
/// grey and light orange). Opening states are blues, ESTABLISHED green, the active closer's states warm
/// (sand, olive, orange), the passive closer's rose and wine, CLOSED grey. Text on a state is black or white,
/// whichever contrasts more (at least 4.5:1 for every state).
/// </summary>
public static class StateColors
{
    private static readonly ChartColor[] Fills =
    [
        ChartColor.Parse("#dddddd"), // CLOSED       pale grey
        ChartColor.Parse("#88ccee"), // LISTEN       cyan
        ChartColor.Parse("#332288"), // SYN-SENT     indigo
        ChartColor.Parse("#44aa99"), // SYN-RECEIVED teal
        ChartColor.Parse("#117733"), // ESTABLISHED  green
        ChartColor.Parse("#ddcc77"), // FIN-WAIT-1   sand
        ChartColor.Parse("#999933"), // FIN-WAIT-2   olive
        ChartColor.Parse("#cc6677"), // CLOSE-WAIT   rose
        ChartColor.Parse("#aa4499"), // CLOSING      purple
        ChartColor.Parse("#882255"), // LAST-ACK     wine
        ChartColor.Parse("#ee8866"), // TIME-WAIT    light orange
    ];

    private static readonly string[] Short =
    [
        "CLSD", "LSTN", "SYN-S", "SYN-R", "ESTAB", "FW1", "FW2", "CW", "CLNG", "LA", "TW",
    ];

    public static ChartColor Fill(TcpState state) => Fills[(int)state];

    public static ChartColor Text(TcpState state) => Fill(state).ReadableText;

    /// <summary>Abbreviation for a span too narrow for the RFC name (<c>ESTAB</c> as <c>ss</c> writes it, <c>FW1</c>, <c>TW</c>).</summary>
    public static string ShortName(TcpState state) => Short[(int)state];

    public static IReadOnlyList<TcpState> All { get; } = Enum.GetValues<TcpState>();
}
