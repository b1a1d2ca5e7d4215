namespace Simulator.Cli.Output;

/// <summary>
/// The output files of one scenario run, written together: each file is first written to a temporary file in the
/// scenario's folder; <see cref="Commit"/> moves them all into place. Disposing without committing (a failed run)
/// deletes the temporary files, so no output is ever left half-written.
/// </summary>
public sealed class OutputSet : IDisposable
{
    private readonly Dictionary<string, string> _staged = new(StringComparer.Ordinal);
    private bool _committed;

    /// <summary>Starts a set of outputs in <c>&lt;root&gt;/&lt;scenario name&gt;/</c>, creating the folder.</summary>
    public OutputSet(OutputPaths paths, string scenarioName)
    {
        Folder = paths.ScenarioFolder(scenarioName);
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>The file names added so far.</summary>
    public IReadOnlyCollection<string> Files => _staged.Keys;

    public void Add(string fileName, Action<Stream> write)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        OutputPaths.CheckFileName(fileName);
        if (_staged.ContainsKey(fileName)) throw new InvalidOperationException($"'{fileName}' is already part of this output");
        _staged.Add(fileName, AtomicFileWriter.WriteTemp(Path.Combine(Folder, fileName), write));
    }

    /// <summary>A text file (UTF-8, <c>\n</c> line ends).</summary>
    public void AddText(string fileName, Action<TextWriter> write) =>
        Add(fileName, stream => AtomicFileWriter.WriteTextTo(stream, write));

    public void AddText(string fileName, string text) => AddText(fileName, writer => writer.Write(text));

    /// <summary>Moves every file into place, replacing older versions.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        _committed = true;
        foreach (var (name, temp) in _staged.ToList())
        {
            File.Move(temp, Path.Combine(Folder, name), overwrite: true);
            _staged.Remove(name);
        }
    }

    public void Dispose()
    {
        foreach (string temp in _staged.Values) AtomicFileWriter.TryDelete(temp);
        _staged.Clear();
        _committed = true;
    }
}
