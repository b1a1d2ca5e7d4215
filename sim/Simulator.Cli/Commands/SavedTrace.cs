using Simulator.Core.Export;
using Simulator.Core.Tracing;

namespace Simulator.Cli.Commands;

/// <summary>A run's saved trace, found from its output folder or its <c>events.jsonl</c> file.</summary>
public static class SavedTrace
{
    public const string EventsFile = "events.jsonl";

    /// <summary>
    /// Reads the trace of <paramref name="input"/>; on failure says why on <paramref name="stderr"/> (prefixed by
    /// <paramref name="command"/>) and sets <paramref name="exitCode"/>: 2 for a bad path, 1 for an unreadable trace.
    /// </summary>
    public static Trace? Load(string input, string command, TextWriter stderr, out string folder, out int exitCode)
    {
        folder = "";
        exitCode = ExitCodes.InvalidInput;
        string eventsPath;
        if (Directory.Exists(input))
            eventsPath = Path.Combine(input, EventsFile);
        else if (File.Exists(input))
            eventsPath = input;
        else
        {
            stderr.WriteLine($"tcpsim {command}: no such folder or file: {input}");
            return null;
        }
        if (!File.Exists(eventsPath))
        {
            stderr.WriteLine($"tcpsim {command}: {eventsPath} not found (run the scenario with JSONL output first)");
            return null;
        }
        folder = Path.GetDirectoryName(Path.GetFullPath(eventsPath))!;
        try
        {
            exitCode = ExitCodes.Ok;
            return JsonlTrace.Read(File.ReadAllText(eventsPath), eventsPath);
        }
        catch (Exception e) when (e is TraceFormatException or InvalidOperationException or FormatException or IOException or InvalidDataException)
        {
            stderr.WriteLine($"tcpsim {command}: cannot read {eventsPath}: {e.Message}");
            exitCode = 1;                                             // the trace could not be read
            return null;
        }
    }
}
