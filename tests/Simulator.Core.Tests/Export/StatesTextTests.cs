using Simulator.Core.Export;
using Simulator.Core.Tcp;

namespace Simulator.Core.Tests.Export;

public sealed class StatesTextTests
{
    [Fact]
    public void Normal_WritesEveryChangeInRfcSpelling()
    {
        const string expected = """
            # scenario normal: endpoint state changes (RFC 9293 names; profile linux, seed 7)
            # t0 = scenario start; accepted connections are named <listener>#<n>
            # t_ms endpoint STATE
            0.000 server LISTEN
            0.000 client SYN-SENT
            0.015 server#1 SYN-RECEIVED
            0.030 client ESTABLISHED
            0.045 server#1 ESTABLISHED
            2.000 client FIN-WAIT-1
            2.015 server#1 CLOSE-WAIT
            2.030 client FIN-WAIT-2
            30.000 server#1 LAST-ACK
            30.015 client TIME-WAIT
            30.030 server#1 CLOSED
            60030.015 client CLOSED

            """;
        Assert.Equal(expected, StatesText.Write(TestTraces.Normal()));
    }

    [Fact]
    public void Parse_OurOutput_EqualsFromTrace()
    {
        var trace = TestTraces.Normal();
        Assert.Equal(StatesText.FromTrace(trace), StatesText.Parse(StatesText.Write(trace)));
    }

    [Fact]
    public void Parse_ReferenceRows_LinuxNamesAddressesAndSampleStart()
    {
        var rows = StatesText.Parse("""
            # t_ms side STATE local peer prev_ms
            -100.683 s LISTEN 10.77.0.2:5000 0.0.0.0:* -105.902
            1.419 s SYN_RECV 10.77.0.2:5000 10.77.0.1:47202 -5.561
            2.459 c FIN_WAIT_1 10.77.0.1:50064 10.77.0.2:5000 -0.655
            """);
        Assert.Equal(
            [
                new StateRow(-100.683, "s", TcpState.Listen, "10.77.0.2:5000", "0.0.0.0:*", -105.902),
                new StateRow(1.419, "s", TcpState.SynReceived, "10.77.0.2:5000", "10.77.0.1:47202", -5.561),
                new StateRow(2.459, "c", TcpState.FinWait1, "10.77.0.1:50064", "10.77.0.2:5000", -0.655),
            ],
            rows);
        Assert.True(rows[0].IsListenerRow);
        Assert.False(rows[1].IsListenerRow);
    }

    [Theory]
    [MemberData(nameof(ReferenceStateFiles))]
    public void Parse_EveryReferenceStatesFile(string file)
    {
        string text = ReferenceData.Text(file);
        var rows = StatesText.Parse(text, file);
        int dataLines = text.Split('\n').Count(l => l.Trim().Length > 0 && !l.StartsWith('#'));
        Assert.Equal(dataLines, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r.Local));
        Assert.All(rows, r => Assert.True(r.PrevMs < r.TimeMs));
        Assert.All(rows.Where(r => r.IsListenerRow), r => Assert.Contains(r.State, new[] { TcpState.Listen, TcpState.Closed }));
    }

    public static TheoryData<string> ReferenceStateFiles() => ReferenceData.FilesData("*.states.txt");

    [Theory]
    [InlineData("1.0 client", "got 2 field(s)")]
    [InlineData("1.0 client SYN-SENDING", "'SYN-SENDING' is not a TCP state")]
    [InlineData("abc client LISTEN", "t_ms 'abc'")]
    [InlineData("1.0 s LISTEN 10.77.0.2:5000 0.0.0.0:* when", "prev_ms 'when'")]
    public void Parse_BadLine_NamesFileAndLine(string line, string message)
    {
        var ex = Assert.Throws<TraceFormatException>(() => StatesText.Parse(line, "states.txt"));
        Assert.StartsWith("states.txt:1: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
