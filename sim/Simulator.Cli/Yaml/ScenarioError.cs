using System.Globalization;
using Simulator.Core.Scenarios;

namespace Simulator.Cli.Yaml;

/// <summary>One problem in a scenario file, at a 1-based line and column as editors show them.</summary>
public sealed record ScenarioError(string File, int Line, int Column, string Message)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}: {Message}");
}

/// <summary>Either a validated <see cref="Core.Scenarios.Scenario"/> or every problem found in the file.</summary>
public sealed record LoadResult
{
    private LoadResult(Scenario? scenario, IReadOnlyList<ScenarioError> errors)
    {
        Scenario = scenario;
        Errors = errors;
    }

    public Scenario? Scenario { get; }
    public IReadOnlyList<ScenarioError> Errors { get; }
    public bool Success => Scenario is not null;

    public static LoadResult Ok(Scenario scenario) => new(scenario, []);

    public static LoadResult Failed(IReadOnlyList<ScenarioError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("a failed load needs at least one error", nameof(errors)) : new(null, errors);
}
