namespace Simulator.Cli.Yaml;

/// <summary>
/// Collects the problems of one file; reading goes on after each so that all of them are reported, up to
/// <see cref="MaxErrors"/>: one more stops the reading with <see cref="TooManyErrorsException"/>.
/// </summary>
internal sealed class Diagnostics
{
    public const int MaxErrors = 100;

    private readonly List<ScenarioError> _errors = [];
    private bool _truncated;

    public Diagnostics(string file) => File = file;

    public string File { get; }
    public bool HasErrors => _errors.Count > 0;
    public int Count => _errors.Count;

    public void Report(TextPosition at, string message)
    {
        if (_errors.Count >= MaxErrors)
        {
            _truncated = true;
            throw new TooManyErrorsException();
        }
        _errors.Add(new ScenarioError(File, at.Line, at.Column, message));
    }

    public void Report(DocNode node, string message) => Report(node.Start, message);

    /// <summary>The errors in file order (line, then column), stable for errors at the same place.</summary>
    public IReadOnlyList<ScenarioError> Sorted()
    {
        List<ScenarioError> sorted = [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
        if (_truncated) sorted.Add(new ScenarioError(File, 1, 1, $"too many errors; stopped after the first {MaxErrors}"));
        return sorted;
    }
}

/// <summary>Stops reading a file that has more than <see cref="Diagnostics.MaxErrors"/> problems.</summary>
internal sealed class TooManyErrorsException : Exception
{
    public TooManyErrorsException() : base("too many errors") { }

    public TooManyErrorsException(string message) : base(message) { }

    public TooManyErrorsException(string message, Exception innerException) : base(message, innerException) { }
}
