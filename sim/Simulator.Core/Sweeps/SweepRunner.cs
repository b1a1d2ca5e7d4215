using Simulator.Core.Scenarios;

namespace Simulator.Core.Sweeps;

/// <summary>
/// Runs the runs of one shard of a grid, on up to <c>jobs</c> threads. Each run is a pure function of its grid
/// point's scenario and its seed: runs share the read-only scenarios and nothing mutable, and each row goes to the
/// slot of its run index, so the rows never depend on the number of jobs or the order runs finish.
/// </summary>
public sealed class SweepRunner
{
    private readonly SweepGrid _grid;
    private readonly IReadOnlyList<Scenario> _points;
    private readonly StateColumns _columns;
    private readonly string[][] _values;
    private long _completed;

    /// <param name="points">The scenario of each grid point, in grid order; the runner replaces only the seed.</param>
    public SweepRunner(SweepGrid grid, IReadOnlyList<Scenario> points)
    {
        if (points.Count != grid.PointCount) throw new ArgumentException($"{points.Count} scenarios for {grid.PointCount} grid points", nameof(points));
        _grid = grid;
        _points = points;
        _columns = StateColumns.For(points[0]);
        _values = [.. Enumerable.Range(0, points.Count).Select(p => grid.ValuesAt(p))];
    }

    public StateColumns Columns => _columns;

    /// <summary>Runs finished so far (read from another thread for progress).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>The rows of the shard's runs, in run order.</summary>
    public RunSummary[] Run(Shard shard, int jobs, CancellationToken cancel = default)
    {
        long count = shard.RunCountOf(_grid.RunCount);
        var rows = new RunSummary[count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs), CancellationToken = cancel };
        Parallel.For(0L, count, options, i =>
        {
            rows[i] = RunOne(shard.RunAt(i));
            Interlocked.Increment(ref _completed);
        });
        return rows;
    }

    /// <summary>Run <paramref name="run"/> of the grid, by itself.</summary>
    public RunSummary RunOne(long run)
    {
        long point = _grid.PointOf(run);
        Scenario scenario = _points[(int)point];
        RunResult result = ScenarioRunner.Run(scenario, new RunOptions { Seed = _grid.SeedOf(run), TraceMode = TraceModeFor(scenario) });
        IReadOnlyList<ExpectationResult> verdicts = ExpectationChecker.Check(scenario.Expectations, result.Trace!);
        return RunSummary.FromTrace(run, _values[point], result.Trace!, result, verdicts, _columns);
    }

    /// <summary>What a row needs recorded: application calls and state changes, and segments only if an expectation reads them.</summary>
    public static TraceMode TraceModeFor(Scenario scenario) =>
        scenario.Expectations.Any(e => e is SegmentsExpectation or CountExpectation) ? TraceMode.Full : TraceMode.Lifecycle;
}
