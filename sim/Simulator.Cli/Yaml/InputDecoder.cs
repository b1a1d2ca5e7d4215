using System.Buffers;
using System.Globalization;
using System.Text;

namespace Simulator.Cli.Yaml;

/// <summary>Turns the bytes of a scenario file into text, refusing what is not reasonable UTF-8 YAML.</summary>
internal static class InputDecoder
{
    public static string? Decode(ReadOnlySpan<byte> bytes, DocumentLimits limits, Diagnostics diagnostics)
    {
        var start = new TextPosition(1, 1);
        if (bytes.Length > limits.MaxBytes)
        {
            diagnostics.Report(start, TooLarge(bytes.Length, limits));
            return null;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])
            || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            diagnostics.Report(start, "the file is UTF-16 or UTF-32 encoded; save it as UTF-8");
            return null;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];

        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            diagnostics.Report(PositionOfByte(bytes, nul), "the file looks binary (it contains a NUL byte); a scenario is UTF-8 YAML text");
            return null;
        }
        int invalid = FirstInvalidUtf8(bytes);
        if (invalid >= 0)
        {
            diagnostics.Report(PositionOfByte(bytes, invalid),
                string.Create(CultureInfo.InvariantCulture, $"the file is not valid UTF-8 (byte 0x{bytes[invalid]:X2}); save it as UTF-8"));
            return null;
        }
        return Encoding.UTF8.GetString(bytes);
    }

    public static string TooLarge(long length, DocumentLimits limits) =>
        string.Create(CultureInfo.InvariantCulture,
            $"the file is too large ({length} bytes; a scenario may have at most {limits.MaxBytes} bytes)");

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int offset = 0;
        while (offset < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[offset..], out _, out int consumed) != OperationStatus.Done) return offset;
            offset += consumed;
        }
        return -1;
    }

    /// <summary>Line and column (in characters) of a byte of a UTF-8 prefix that is valid up to that byte.</summary>
    private static TextPosition PositionOfByte(ReadOnlySpan<byte> bytes, int offset)
    {
        ReadOnlySpan<byte> before = bytes[..offset];
        int lastNewline = before.LastIndexOf((byte)'\n');
        int line = before.Count((byte)'\n') + 1;
        ReadOnlySpan<byte> lineBytes = before[(lastNewline + 1)..];
        int column = 1;
        int i = 0;
        while (i < lineBytes.Length)
        {
            OperationStatus status = Rune.DecodeFromUtf8(lineBytes[i..], out _, out int consumed);
            i += status == OperationStatus.Done ? consumed : 1;
            column++;
        }
        return new TextPosition(line, column);
    }
}
