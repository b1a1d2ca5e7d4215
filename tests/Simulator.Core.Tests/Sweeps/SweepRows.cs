using Simulator.Core.Sweeps;

namespace Simulator.Core.Tests.Sweeps;

/// <summary>Rows for the sweep tests: what a test does not name is zero.</summary>
internal static class SweepRows
{
    public static RunSummary Row(long run, IReadOnlyList<string> values, string result, long? connectUs, int stateColumns = 0) => new()
    {
        Run = run,
        Seed = (ulong)run + 1,
        Values = values,
        ConnectResult = result,
        ConnectUs = connectUs,
        EndUs = 0,
        Segments = 0,
        Lost = 0,
        Retransmissions = 0,
        ExpectationsPassed = 0,
        ExpectationsFailed = 0,
        StateUs = [.. Enumerable.Range(0, stateColumns).Select(i => (long)i * 1001)],
    };
}
