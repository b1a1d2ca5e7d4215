using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Time;

namespace Simulator.Cli.Tests;

public sealed class InjectTests
{
    /// <summary>Hosts a, b, c; link a-b; no endpoints; the injection under test is on line 10.</summary>
    private const string Head =
        "name: t\nhosts:\n  a: 10.0.0.1\n  b: 10.0.0.2\n  c: 10.0.0.3\nlinks:\n  - between: [a, b]\n    delay: 1ms\ninject:\n";

    private const int Line = 10;

    private static int Col(string line, string token) => line.IndexOf(token, StringComparison.Ordinal) + 1;

    private static string Item(string segment, string at = "1ms") => $"  - {{ at: {at}, segment: {{ {segment} }} }}";

    [Theory]
    [InlineData("S", TcpFlags.Syn)]
    [InlineData("[S.]", TcpFlags.Syn | TcpFlags.Ack)]
    [InlineData("S.", TcpFlags.Syn | TcpFlags.Ack)]
    [InlineData(".", TcpFlags.Ack)]
    [InlineData("R", TcpFlags.Rst)]
    [InlineData("R.", TcpFlags.Rst | TcpFlags.Ack)]
    [InlineData("F.", TcpFlags.Fin | TcpFlags.Ack)]
    [InlineData("P.", TcpFlags.Psh | TcpFlags.Ack)]
    [InlineData("FP.", TcpFlags.Fin | TcpFlags.Psh | TcpFlags.Ack)]
    [InlineData("SYN", TcpFlags.Syn)]
    [InlineData("SYN-ACK", TcpFlags.Syn | TcpFlags.Ack)]
    [InlineData("syn,ack", TcpFlags.Syn | TcpFlags.Ack)]
    [InlineData("RST", TcpFlags.Rst)]
    [InlineData("RST-ACK", TcpFlags.Rst | TcpFlags.Ack)]
    [InlineData("ACK", TcpFlags.Ack)]
    [InlineData("FIN", TcpFlags.Fin)]
    [InlineData("none", TcpFlags.None)]
    public void FlagsInTcpdumpLettersOrNames(string flags, TcpFlags expected)
    {
        string line = Item($"from: \"a:1000\", to: \"b:80\", flags: \"{flags}\", seq: 1");
        Assert.Equal(expected, ScenarioText.Valid(Head + line + "\n").Injections[0].Flags);
    }

    [Fact]
    public void AllFields()
    {
        string line = Item("from: \"a:40001\", to: \"b:5000\", flags: R., seq: 0x10, ack: 4096, len: 20", at: "2.5s");
        InjectSpec i = Assert.Single(ScenarioText.Valid(Head + line + "\n").Injections);
        Assert.Equal(new InjectSpec(SimTime.FromMilliseconds(2500), "a", 40001, "b", 5000, TcpFlags.Rst | TcpFlags.Ack, 16, 4096, 20),
            i with { Where = SourceSpan.None });
        Assert.Equal(new SourceSpan(ScenarioText.File, Line, 5), i.Where);
    }

    [Theory]
    [InlineData("from: \"a:1\", to: \"b:80\", flags: SYN-AKC, seq: 1", "SYN-AKC", "'flags': 'SYN-AKC' is not a set of TCP flags: 'AKC' (did you mean 'ACK'?)")]
    [InlineData("from: \"a:1\", to: \"b:80\", flags: \"[SX]\", seq: 1", "\"[SX]", "'flags': '[SX]' is not a set of TCP flags; write tcpdump's letters")]
    [InlineData("from: \"a:1\", to: \"b:80\", flags: S, seq: -1", "-1", "'seq': '-1' is not a 32-bit unsigned number")]
    [InlineData("from: \"a:1\", to: \"b:80\", flags: S, seq: 1, len: 70000", "70000", "'len': '70000' is not an integer from 0 to 65535")]
    [InlineData("from: a, to: \"b:80\", flags: S, seq: 1", "a,", "'from': 'a' is not host:port (like client:40000)")]
    [InlineData("from: \"x:1\", to: \"b:80\", flags: S, seq: 1", "\"x", "unknown host 'x' in 'from'; hosts: a, b, c")]
    [InlineData("from: \"a:0\", to: \"b:80\", flags: S, seq: 1", "0\"", "'from': '0' is not a port number (1 to 65535)")]
    [InlineData("from: \"a:1\", to: \"c:80\", flags: S, seq: 1", "to:", "there is no link between 'a' and 'c' to carry this segment")]
    [InlineData("from: \"a:1\", to: \"a:80\", flags: S, seq: 1", "to:", "both ends are on 'a'")]
    [InlineData("from: \"a:1\", to: \"b:80\", flags: S", "{ from", "injected segment is missing 'seq'")]
    [InlineData("from: \"a:1\", to: \"b:80\", seq: 1", "{ from", "injected segment is missing 'flags'")]
    [InlineData("from: \"a:1\", to: \"b:80\", flags: S, seq: 1, window: 5", "window", "unknown key 'window' in injected segment; allowed: from, to, flags, seq, ack, len")]
    public void BadSegments(string segment, string token, string fragment)
    {
        string line = Item(segment);
        ScenarioText.Single(Head + line + "\n", Line, Col(line, token), fragment);
    }

    [Fact]
    public void AtIsRequired()
    {
        const string line = "  - { segment: { from: \"a:1\", to: \"b:80\", flags: S, seq: 1 } }";
        ScenarioText.Single(Head + line + "\n", Line, 5, "injection is missing 'at' (when to send it");
    }
}
