using Simulator.Core.Time;

namespace Simulator.Core.Explain;

/// <summary>How an argument of a message is rendered: as it is, or as TCP state names in the language's spelling.</summary>
public enum ArgKind
{
    Text,
    /// <summary>One state, RFC spelling (<c>TIME-WAIT</c>); the catalogue gives each language's name.</summary>
    State,
    /// <summary>States in RFC spelling separated by spaces; rendered as an arrow-joined list.</summary>
    States,
}

/// <summary>A named value a message refers to as <c>{name}</c>.</summary>
public readonly record struct ExplainArg(string Name, string Value, ArgKind Kind = ArgKind.Text);

/// <summary>
/// One fact of an explanation: a message id of the catalogue and its arguments, at a simulated time (null for facts
/// about the whole run). Facts carry no text of their own: every word comes from the catalogue of a language.
/// </summary>
public sealed record ExplainLine(SimTime? Time, string MessageId, IReadOnlyList<ExplainArg> Args, int Indent = 0)
{
    public string? Arg(string name) => Args.FirstOrDefault(a => a.Name == name).Value;
}

/// <summary>The facts of a run (or of a pair of runs), in the order they are told.</summary>
public sealed record Explanation(IReadOnlyList<ExplainLine> Lines);
