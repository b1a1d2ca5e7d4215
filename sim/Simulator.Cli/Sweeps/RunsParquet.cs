using Parquet;
using Parquet.Schema;
using Simulator.Core.Sweeps;

namespace Simulator.Cli.Sweeps;

/// <summary>
/// <c>runs.parquet</c>: the columns of runs.csv with types (times as milliseconds in doubles, empty times as nulls),
/// for pandas, polars, DuckDB and Spark.
/// </summary>
public static class RunsParquet
{
    public static void Write(Stream stream, IReadOnlyList<string> keys, StateColumns states, IReadOnlyList<RunSummary> rows) =>
        WriteAsync(stream, keys, states, rows).GetAwaiter().GetResult();

    private static async Task WriteAsync(Stream stream, IReadOnlyList<string> keys, StateColumns states, IReadOnlyList<RunSummary> rows)
    {
        string[] stateNames = [.. states.Names];
        var run = new DataField<long>("run");
        var seed = new DataField<ulong>("seed");
        DataField<string>[] values = [.. keys.Select(k => new DataField<string>(k))];
        var result = new DataField<string>("connect_result");
        var connect = new DataField<double?>("connect_ms");
        var close = new DataField<double?>("close_ms");
        var end = new DataField<double>("end_ms");
        var segments = new DataField<long>("segments");
        var lost = new DataField<long>("lost");
        var retransmissions = new DataField<long>("retransmissions");
        var passed = new DataField<int>("expectations_passed");
        var failed = new DataField<int>("expectations_failed");
        DataField<double>[] stateFields = [.. stateNames.Select(n => new DataField<double>(n))];
        var schema = new ParquetSchema([run, seed, .. values, result, connect, close, end, segments, lost, retransmissions, passed, failed, .. stateFields]);

        await using ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        await group.WriteAsync(run, Column(rows, r => r.Run));
        await group.WriteAsync(seed, Column(rows, r => r.Seed));
        for (int k = 0; k < values.Length; k++) await group.WriteAsync(values[k], rows.Select(r => r.Values[k]).ToArray());
        await group.WriteAsync(result, rows.Select(r => r.ConnectResult).ToArray());
        await group.WriteAsync(connect, Column(rows, r => Millis(r.ConnectUs)));
        await group.WriteAsync(close, Column(rows, r => Millis(r.CloseUs)));
        await group.WriteAsync(end, Column(rows, r => r.EndUs / 1000.0));
        await group.WriteAsync(segments, Column(rows, r => r.Segments));
        await group.WriteAsync(lost, Column(rows, r => r.Lost));
        await group.WriteAsync(retransmissions, Column(rows, r => r.Retransmissions));
        await group.WriteAsync(passed, Column(rows, r => r.ExpectationsPassed));
        await group.WriteAsync(failed, Column(rows, r => r.ExpectationsFailed));
        for (int s = 0; s < stateFields.Length; s++) await group.WriteAsync(stateFields[s], Column(rows, r => r.StateUs[s] / 1000.0));
    }

    private static double? Millis(long? us) => us is long v ? v / 1000.0 : null;

    private static ReadOnlyMemory<T> Column<T>(IReadOnlyList<RunSummary> rows, Func<RunSummary, T> value)
    {
        var column = new T[rows.Count];
        for (int i = 0; i < column.Length; i++) column[i] = value(rows[i]);
        return column;
    }
}
