using System.Text;

namespace Simulator.Core.Tcp;

/// <summary>TCP control bits, with the values of the TCP header (RFC 9293 3.1).</summary>
[Flags]
public enum TcpFlags : byte
{
    None = 0,
    Fin = 0x01,
    Syn = 0x02,
    Rst = 0x04,
    Psh = 0x08,
    Ack = 0x10,
    Urg = 0x20,
}

public static class TcpFlagsExtensions
{
    public static bool Has(this TcpFlags flags, TcpFlags bit) => (flags & bit) == bit;

    /// <summary>tcpdump's rendering: <c>[S]</c>, <c>[S.]</c>, <c>[.]</c>, <c>[P.]</c>, <c>[F.]</c>, <c>[FP.]</c>, <c>[R]</c>, <c>[R.]</c>.</summary>
    public static string ToTcpdump(this TcpFlags flags)
    {
        var sb = new StringBuilder(6);
        sb.Append('[');
        if (flags.Has(TcpFlags.Fin)) sb.Append('F');
        if (flags.Has(TcpFlags.Syn)) sb.Append('S');
        if (flags.Has(TcpFlags.Rst)) sb.Append('R');
        if (flags.Has(TcpFlags.Psh)) sb.Append('P');
        if (flags.Has(TcpFlags.Urg)) sb.Append('U');
        if (flags.Has(TcpFlags.Ack)) sb.Append('.');
        if (sb.Length == 1) sb.Append("none");
        sb.Append(']');
        return sb.ToString();
    }

    /// <summary>Parses tcpdump's rendering back (<c>[S.]</c> → SYN|ACK); false on anything else.</summary>
    public static bool TryParseTcpdump(string text, out TcpFlags flags)
    {
        flags = TcpFlags.None;
        if (text.Length < 3 || text[0] != '[' || text[^1] != ']') return false;
        foreach (char c in text.AsSpan(1, text.Length - 2))
        {
            TcpFlags bit = c switch
            {
                'F' => TcpFlags.Fin,
                'S' => TcpFlags.Syn,
                'R' => TcpFlags.Rst,
                'P' => TcpFlags.Psh,
                'U' => TcpFlags.Urg,
                '.' => TcpFlags.Ack,
                _ => TcpFlags.None,
            };
            if (bit == TcpFlags.None || flags.Has(bit)) return false;
            flags |= bit;
        }
        return true;
    }
}
