namespace Simulator.Cli.Yaml;

/// <summary>Collects the problems of one file; reading goes on after each so that all of them are reported.</summary>
public sealed class Diagnostics
{
    public const int MaxErrors = 500;

    private readonly List<ScenarioError> _errors = [];
    private bool _truncated;

    public Diagnostics(string file) => File = file;

    public string File { get; }
    public bool HasErrors => _errors.Count > 0;
    public int Count => _errors.Count;

    public void Report(TextPosition at, string message)
    {
        if (_errors.Count < MaxErrors) _errors.Add(new ScenarioError(File, at.Line, at.Column, message));
        else _truncated = true;
    }

    public void Report(DocNode node, string message) => Report(node.Start, message);

    /// <summary>The errors in file order (line, then column), stable for errors at the same place.</summary>
    public IReadOnlyList<ScenarioError> Sorted()
    {
        List<ScenarioError> sorted = [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
        if (_truncated) sorted.Add(new ScenarioError(File, 1, 1, $"too many errors; only the first {MaxErrors} are shown"));
        return sorted;
    }
}
