using Simulator.Core.Export;
using Simulator.Core.Tcp;
using Simulator.Core.Tests;
using Simulator.Core.Tests.Export;
using Simulator.Core.Tests.Support;

namespace Simulator.Cli.Tests.Scenarios;

/// <summary>End to end through the command line: every shipped scenario, determinism, and Wireshark on the pcaps.</summary>
public sealed class ShippedScenarioTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static (int Code, string Out, string Err) Run(params string[] args) => CliRun.Invoke(args);

    [Fact]
    public void EveryShippedScenario_PassesItsExpectations_AndWritesEveryOutput()
    {
        string outRoot = Path.Combine(_temp.Path, "out");
        var (code, stdout, stderr) = Run("run", ShippedScenarios.Folder, "--out", outRoot, "--quiet");
        Assert.True(code == 0, stdout + stderr);
        string[] names = Directory.GetFiles(ShippedScenarios.Folder, "*.yaml").Select(Path.GetFileNameWithoutExtension).ToArray()!;
        Assert.True(names.Length >= 18);
        Assert.Contains($"scenarios: {names.Length} passed, 0 failed", stdout, StringComparison.Ordinal);
        foreach (string name in names)
        {
            string folder = Path.Combine(outRoot, name);
            foreach (string file in new[] { "segments.txt", "states.txt", "events.jsonl", "trace.pcap", "timeline.png", "timeline.svg", "sequence.png", "sequence.svg", "report.html", "expectations.txt" })
                Assert.True(File.Exists(Path.Combine(folder, file)), $"{name}/{file} missing");
            Assert.Empty(Directory.GetFiles(folder, "*.tmp*"));
        }
    }

    [Fact]
    public void SameScenarioAndSeed_GiveByteIdenticalOutputs()
    {
        string[] scenarios = [ShippedScenarios.File("lost-synack"), ShippedScenarios.File("stale-delayed-syn"), ShippedScenarios.File("half-close")];
        string a = Path.Combine(_temp.Path, "a"), b = Path.Combine(_temp.Path, "b");
        Assert.Equal(0, Run(["run", .. scenarios, "--out", a, "--quiet"]).Code);
        Assert.Equal(0, Run(["run", .. scenarios, "--out", b, "--quiet"]).Code);
        var filesA = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(filesA, Directory.GetFiles(b, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b, f)).Order(StringComparer.Ordinal));
        foreach (string f in filesA)
            Assert.True(File.ReadAllBytes(Path.Combine(a, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), $"{f} differs between runs");
    }

    [Fact]
    public void AnotherSeed_ChangesTheIsns()
    {
        string a = Path.Combine(_temp.Path, "a"), b = Path.Combine(_temp.Path, "b");
        Run("run", ShippedScenarios.File("normal"), "--out", a, "--quiet");
        Run("run", ShippedScenarios.File("normal"), "--out", b, "--quiet", "--seed", "2");
        Assert.Equal(File.ReadAllText(Path.Combine(a, "normal", "segments.txt")).Replace("seed 1", "seed 2", StringComparison.Ordinal),
            File.ReadAllText(Path.Combine(b, "normal", "segments.txt")));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, "normal", "trace.pcap")), File.ReadAllBytes(Path.Combine(b, "normal", "trace.pcap")));
    }

    [ToolTheory("tshark")]
    [InlineData("lost-syn")]
    [InlineData("lost-synack")]
    public void Wireshark_SeesTheSegmentsWithGoodChecksums_AndFlagsTheRetransmissions(string name)
    {
        string outRoot = Path.Combine(_temp.Path, "out");
        Assert.Equal(0, Run("run", ShippedScenarios.File(name), "--out", outRoot, "--quiet").Code);
        var wire = SegmentsText.Parse(File.ReadAllText(Path.Combine(outRoot, name, "segments.txt")));
        var rows = Tshark.Fields(File.ReadAllBytes(Path.Combine(outRoot, name, "trace.pcap")),
            "tcp.flags.str", "tcp.len", "tcp.checksum.status", "ip.checksum.status", "tcp.analysis.retransmission", "tcp.seq", "tcp.ack");
        Assert.Equal(wire.Count, rows.Count);
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(wire[i].Len.ToString(invariant), rows[i][1]);
            Assert.Equal("1", rows[i][2]);   // Wireshark's checksum status: 0 bad, 1 good, 2 unverified
            Assert.Equal("1", rows[i][3]);
            foreach (var (bit, letter) in new[] { (TcpFlags.Syn, 'S'), (TcpFlags.Ack, 'A'), (TcpFlags.Fin, 'F'), (TcpFlags.Rst, 'R'), (TcpFlags.Psh, 'P') })
                Assert.True(wire[i].Flags.HasFlag(bit) == rows[i][0].Contains(letter, StringComparison.Ordinal), $"segment {i + 1}: {rows[i][0]} vs {wire[i]}");
            Assert.Equal(wire[i].Seq.ToString(invariant), rows[i][5]);
            if (wire[i].Flags.HasFlag(TcpFlags.Ack)) Assert.Equal(wire[i].Ack.ToString(invariant), rows[i][6]);
        }
        // The resent SYN (lost-syn) or SYN-ACK (lost-synack) is flagged by Wireshark's analysis.
        int resent = wire.Select((w, i) => (w, i)).First(x => x.i > 0 && x.w.Flags == wire[name == "lost-syn" ? 0 : 1].Flags && x.i > (name == "lost-syn" ? 0 : 1)).i;
        Assert.Equal("1", rows[resent][4]);
    }
}
