namespace Simulator.Core.Tcp;

/// <summary>A 32-bit TCP sequence number with wrap-around comparison (RFC 9293 3.4, RFC 1982).</summary>
public readonly record struct SeqNum(uint Value) : IComparable<SeqNum>
{
    public static SeqNum operator +(SeqNum s, int n) => new(unchecked(s.Value + (uint)n));
    public static SeqNum operator +(SeqNum s, long n) => new(unchecked(s.Value + (uint)n));
    public static SeqNum operator -(SeqNum s, int n) => new(unchecked(s.Value - (uint)n));
    /// <summary>Signed distance a - b, correct while the two are within 2^31 of each other.</summary>
    public static int operator -(SeqNum a, SeqNum b) => unchecked((int)(a.Value - b.Value));
    public static bool operator <(SeqNum a, SeqNum b) => a - b < 0;
    public static bool operator >(SeqNum a, SeqNum b) => a - b > 0;
    public static bool operator <=(SeqNum a, SeqNum b) => a - b <= 0;
    public static bool operator >=(SeqNum a, SeqNum b) => a - b >= 0;

    /// <summary>lo &lt;= this &lt; hi, in sequence space.</summary>
    public bool InWindow(SeqNum lo, SeqNum hi) => this - lo >= 0 && hi - this > 0;

    public int CompareTo(SeqNum other) => (this - other).CompareTo(0);
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
