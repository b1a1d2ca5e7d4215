using Simulator.Core.Charts;
using Simulator.Core.Tcp;

namespace Simulator.Core.Tests.Charts;

public sealed class StateColorsTests
{
    [Fact]
    public void Every_state_has_its_own_colour()
    {
        var fills = StateColors.All.Select(StateColors.Fill).ToList();
        Assert.Equal(11, fills.Count);
        Assert.Equal(fills.Count, fills.Distinct().Count());
        for (int i = 0; i < fills.Count; i++)
        {
            for (int j = i + 1; j < fills.Count; j++)
            {
                double d = Math.Sqrt(Math.Pow(fills[i].R - fills[j].R, 2) + Math.Pow(fills[i].G - fills[j].G, 2) + Math.Pow(fills[i].B - fills[j].B, 2));
                Assert.True(d > 50, $"{StateColors.All[i]} and {StateColors.All[j]} are too alike");
            }
        }
    }

    [Fact]
    public void Colours_are_stable()
    {
        Assert.Equal("#dddddd", StateColors.Fill(TcpState.Closed).Hex);
        Assert.Equal("#88ccee", StateColors.Fill(TcpState.Listen).Hex);
        Assert.Equal("#332288", StateColors.Fill(TcpState.SynSent).Hex);
        Assert.Equal("#117733", StateColors.Fill(TcpState.Established).Hex);
        Assert.Equal("#aa4499", StateColors.Fill(TcpState.Closing).Hex);
        Assert.Equal("#ee8866", StateColors.Fill(TcpState.TimeWait).Hex);
    }

    [Fact]
    public void Text_on_every_state_is_readable()
    {
        foreach (var state in StateColors.All)
        {
            double contrast = ChartColor.Contrast(StateColors.Fill(state), StateColors.Text(state));
            Assert.True(contrast >= 4.5, $"{state}: contrast {contrast:0.00}");
        }
        Assert.Equal(ChartColor.White, StateColors.Text(TcpState.SynSent));
        Assert.Equal(ChartColor.Black, StateColors.Text(TcpState.TimeWait));
    }

    [Fact]
    public void Abbreviations_are_distinct_and_short()
    {
        var names = StateColors.All.Select(StateColors.ShortName).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.True(n.Length <= 5));
        Assert.Equal("ESTAB", StateColors.ShortName(TcpState.Established));
    }

    [Fact]
    public void Colours_parse_and_print_as_hex()
    {
        var c = ChartColor.Parse("#0a1B2c");
        Assert.Equal(new ChartColor(10, 27, 44), c);
        Assert.Equal("#0a1b2c", c.Hex);
        Assert.Throws<FormatException>(() => ChartColor.Parse("0a1b2c"));
        Assert.Equal(21, ChartColor.Contrast(ChartColor.Black, ChartColor.White), 6);
    }
}
