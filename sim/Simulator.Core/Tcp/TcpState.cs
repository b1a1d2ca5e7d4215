namespace Simulator.Core.Tcp;

/// <summary>The eleven connection states of RFC 9293 3.3.2.</summary>
public enum TcpState : byte
{
    Closed,
    Listen,
    SynSent,
    SynReceived,
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
}

public static class TcpStateNames
{
    private static readonly string[] Names =
    [
        "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2",
        "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT",
    ];

    public static IReadOnlyList<string> All => Names;

    /// <summary>RFC spelling: <c>SYN-SENT</c>, <c>FIN-WAIT-1</c>, ...</summary>
    public static string ToRfcName(this TcpState state) => Names[(int)state];

    /// <summary>Accepts the RFC spelling, case-insensitively, and Linux's (<c>SYN_RECV</c>, <c>FIN_WAIT1</c>, ...).</summary>
    public static bool TryParse(string text, out TcpState state)
    {
        string t = text.Trim().ToUpperInvariant().Replace('_', '-');
        t = t switch
        {
            "SYN-RECV" => "SYN-RECEIVED",
            "FIN-WAIT1" => "FIN-WAIT-1",
            "FIN-WAIT2" => "FIN-WAIT-2",
            _ => t,
        };
        int i = Array.IndexOf(Names, t);
        state = i >= 0 ? (TcpState)i : TcpState.Closed;
        return i >= 0;
    }

    /// <summary>Synchronized states (RFC 9293 3.5.2): ESTABLISHED and everything after it.</summary>
    public static bool IsSynchronized(this TcpState s) => s >= TcpState.Established;
}
