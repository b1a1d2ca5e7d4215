using System.Globalization;
using Simulator.Core.Charts;

namespace Simulator.Core.Sweeps;

/// <summary>A point of the success-rate chart: the parameter's value, the rate and its 95 % Wilson interval.</summary>
public readonly record struct RatePoint(double X, string Label, double Rate, double Low, double High);

/// <summary>One line of the success-rate chart: the grid points that share the values of every other key.</summary>
public sealed record RateSeries(string Name, IReadOnlyList<RatePoint> Points);

/// <summary>
/// Success rate against the first <c>--vary</c> key, one series per combination of the other keys. X is the value
/// as a number when every value reads as one (units such as <c>ms</c> stripped), else the value's position.
/// </summary>
public sealed record SuccessRateChart(string XLabel, bool NumericX, IReadOnlyList<RateSeries> Series);

/// <summary>The empirical CDF of connect time (ms) at one grid point, over all its runs: it tops out at the success rate.</summary>
public sealed record ConnectCdf(string Label, IReadOnlyList<double> Ms, IReadOnlyList<double> Fraction);

/// <summary>
/// Runs per connect result at each grid point, for stacked bars (results in <see cref="SweepSummary.OutcomeOrder"/>);
/// each bar is labelled with its values alone, the keys go on the axis.
/// </summary>
public sealed record OutcomeBars(string XLabel, IReadOnlyList<string> Labels, IReadOnlyList<string> Outcomes, IReadOnlyList<IReadOnlyList<long>> Runs);

/// <summary>The chart models of a sweep, built from its summary alone; rendering is elsewhere.</summary>
public sealed record SweepCharts(SuccessRateChart SuccessRate, IReadOnlyList<ConnectCdf> ConnectCdfs, OutcomeBars Outcomes)
{
    public static SweepCharts Build(SweepSummary summary)
    {
        string[] labels = [.. summary.Points.Select(p => Label(summary.Keys, p.Values))];
        return new SweepCharts(Rates(summary), [.. summary.Points.Select((p, i) => Cdf(labels[i], p))], Bars(summary));
    }

    /// <summary><c>links[0].loss=0.05, syn_retries=2</c>; <c>all runs</c> when nothing is varied.</summary>
    public static string Label(IReadOnlyList<string> keys, IReadOnlyList<string> values) =>
        keys.Count == 0 ? "all runs" : string.Join(", ", keys.Select((k, i) => $"{k}={values[i]}"));

    private static SuccessRateChart Rates(SweepSummary summary)
    {
        if (summary.Keys.Count == 0)
        {
            PointSummary only = summary.Points[0];
            return new SuccessRateChart("", false, [new RateSeries("all runs", [new RatePoint(0, "all runs", only.SuccessRate, only.SuccessLow, only.SuccessHigh)])]);
        }
        string[] firstValues = [.. summary.Points.Select(p => p.Values[0]).Distinct()];
        double[]? numbers = Numbers(firstValues);
        var series = summary.Points
            .GroupBy(p => Label([.. summary.Keys.Skip(1)], [.. p.Values.Skip(1)]))
            .Select(g => new RateSeries(summary.Keys.Count == 1 ? "success rate" : g.Key, [.. g.Select(p =>
            {
                int i = Array.IndexOf(firstValues, p.Values[0]);
                return new RatePoint(numbers?[i] ?? i, p.Values[0], p.SuccessRate, p.SuccessLow, p.SuccessHigh);
            })]))
            .ToArray();
        return new SuccessRateChart(summary.Keys[0], numbers is not null, series);
    }

    /// <summary>Each value as a number (a trailing unit dropped), or null when one does not read as a number.</summary>
    private static double[]? Numbers(string[] values)
    {
        var numbers = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            string v = values[i];
            int end = v.Length;
            while (end > 0 && char.IsAsciiLetter(v[end - 1])) end--;
            if (!double.TryParse(v.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i])) return null;
        }
        return numbers;
    }

    private static ConnectCdf Cdf(string label, PointSummary p)
    {
        IReadOnlyList<long> times = p.ConnectTimesUs;
        var ms = new List<double>();
        var fraction = new List<double>();
        for (int i = 0; i < times.Count; i++)
        {
            // One step per distinct time: the fraction of all runs connected by then.
            if (i + 1 < times.Count && times[i + 1] == times[i]) continue;
            ms.Add(times[i] / 1000.0);
            fraction.Add((double)(i + 1) / p.Runs);
        }
        return new ConnectCdf(label, ms, fraction);
    }

    private static OutcomeBars Bars(SweepSummary summary)
    {
        return new OutcomeBars(string.Join(" / ", summary.Keys), [.. summary.Points.Select(p => p.Values.Count == 0 ? "all runs" : string.Join(" / ", p.Values))],
            summary.OutcomeOrder,
            [.. summary.Points.Select(p => (IReadOnlyList<long>)[.. summary.OutcomesAt(p).Select(o => o.Runs)])]);
    }
}

/// <summary>The colours of sweep charts: Okabe–Ito for series (safe for colour-blind readers), fixed ones for outcomes.</summary>
public static class SweepColors
{
    private static readonly ChartColor[] Series =
    [
        ChartColor.Parse("#0072b2"), ChartColor.Parse("#e69f00"), ChartColor.Parse("#009e73"), ChartColor.Parse("#cc79a7"),
        ChartColor.Parse("#56b4e9"), ChartColor.Parse("#d55e00"), ChartColor.Parse("#f0e442"), ChartColor.Parse("#000000"),
    ];

    public static int SeriesCount => Series.Length;

    public static ChartColor OfSeries(int index) => Series[index % Series.Length];

    public static ChartColor OfOutcome(string result) => result switch
    {
        "ok" => ChartColor.Parse("#009e73"),
        "ETIMEDOUT" => ChartColor.Parse("#d55e00"),
        "ECONNREFUSED" => ChartColor.Parse("#e69f00"),
        "ECONNRESET" => ChartColor.Parse("#cc79a7"),
        RunSummary.NoConnect => ChartTheme.Faint,
        _ => ChartTheme.MutedInk,
    };
}
