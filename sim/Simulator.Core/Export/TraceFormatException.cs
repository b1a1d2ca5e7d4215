namespace Simulator.Core.Export;

/// <summary>
/// Input that a reader cannot make sense of, located as <c>file:line: message</c> (text) or
/// <c>file: message</c> (binary input, where the message names the record).
/// </summary>
public sealed class TraceFormatException : FormatException
{
    public TraceFormatException(string inputName, int line, string reason)
        : base(line > 0 ? $"{inputName}:{line}: {reason}" : $"{inputName}: {reason}")
    {
        InputName = inputName;
        Line = line;
        Reason = reason;
    }

    /// <summary>File name (or other label) of the input.</summary>
    public string InputName { get; }

    /// <summary>1-based line number; 0 when the input has no lines.</summary>
    public int Line { get; }

    /// <summary>The message without its location.</summary>
    public string Reason { get; }
}
