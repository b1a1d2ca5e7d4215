using System.Security.Cryptography;
using System.Text;

namespace Simulator.Cli.Output;

/// <summary>
/// Writes a file so that readers see either the old file or the whole new one: the content goes to a temporary file
/// in the same folder, which then replaces the target with <see cref="File.Move(string, string, bool)"/>.
/// </summary>
public static class AtomicFileWriter
{
    /// <summary>UTF-8 without a byte order mark.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static void Write(string path, Action<Stream> write)
    {
        string temp = WriteTemp(path, write);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, stream => stream.Write(Utf8.GetBytes(text)));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>Text output with <c>\n</c> line ends, whatever the platform.</summary>
    public static void WriteText(string path, Action<TextWriter> write) => Write(path, stream => WriteTextTo(stream, write));

    /// <summary>Writes the content to a new temporary file beside <paramref name="path"/> and returns its path.</summary>
    internal static string WriteTemp(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no folder", nameof(path));
        string temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{RandomSuffix()}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            return temp;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    internal static void WriteTextTo(Stream stream, Action<TextWriter> write)
    {
        using var writer = new StreamWriter(stream, Utf8, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        write(writer);
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file is named .<file>.<random>.tmp and is harmless.
        }
    }

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
