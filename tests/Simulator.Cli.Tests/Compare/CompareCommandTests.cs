using System.CommandLine;
using Simulator.Cli.Commands;

namespace Simulator.Cli.Tests.Compare;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("tcpsim-compare-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string Ref(string file) => Simulator.Core.Tests.ReferenceData.Path(file);

    private static (int Exit, string Out, string Err) Invoke(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var root = new RootCommand("tcpsim") { CompareCommand.Create() };
        int exit = root.Parse(["compare", .. args]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>An output folder as <c>tcpsim run</c> leaves it, made from a reference in our format.</summary>
    private string OutputFolder(string scenario, Func<string, string>? edit = null)
    {
        string dir = Path.Combine(_temp, scenario);
        Directory.CreateDirectory(dir);
        var lines = File.ReadAllLines(Ref(scenario + ".segments.txt"))
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(' '))
            .Select(t => string.Join(' ', new[] { t[0], t[1].Replace("c", "client", StringComparison.Ordinal).Replace("s", "server", StringComparison.Ordinal) }
                .Concat(t[2..6]).Concat(t.Skip(7))));
        string text = "# t_ms dir flags seq ack len notes\n" + string.Join('\n', lines) + "\n";
        File.WriteAllText(Path.Combine(dir, "segments.txt"), edit is null ? text : edit(text));
        return dir;
    }

    [Fact]
    public void ReferenceWithItself_Exit0AndSummary()
    {
        var (exit, stdout, stderr) = Invoke(Ref("normal.segments.txt"), Ref("normal.segments.txt"));
        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("segments: matched 10 of 10, 0 extra, timing within tolerance: yes", stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n0\.000 client>server \[S\] 0 0 0 +0\.000 client>server \[S\] 0 0 0 +ok +0\.000\n", stdout);
        Assert.Equal(10, stdout.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @" ok +0\.000$")));
    }

    [Fact]
    public void OutputFolder_AgainstReferenceCapture_Exit0()
    {
        string folder = OutputFolder("lost-synack");
        var (exit, stdout, _) = Invoke(folder, Ref("lost-synack.pcap"));
        Assert.Equal(0, exit);
        Assert.Contains("matched 14 of 14, 0 extra", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CaptureAgainstText_WithAddressMap_Exit0()
    {
        var (exit, _, stderr) = Invoke(Ref("refused.pcap"), Ref("refused.segments.txt"), "--map", "10.77.0.1=c,10.77.0.2=s");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void Mismatch_Exit1WithVerdicts()
    {
        string folder = OutputFolder("normal", t => t.Replace("0.121 client>server [P.] 1 1 100", "0.121 client>server [.] 1 1 100", StringComparison.Ordinal));
        var (exit, stdout, _) = Invoke(folder, Ref("normal.segments.txt"));
        Assert.Equal(1, exit);
        Assert.Contains("DIFFERS", stdout, StringComparison.Ordinal);
        Assert.Contains("flags [.], reference [P.]", stdout, StringComparison.Ordinal);
        Assert.Contains("segments: matched 9 of 10, 1 extra, timing within tolerance: yes", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Timing_Exit1()
    {
        string folder = OutputFolder("lost-syn", t => t.Replace("1013.9", "1213.9", StringComparison.Ordinal));
        var (exit, stdout, _) = Invoke(folder, Ref("lost-syn.segments.txt"));
        Assert.Equal(1, exit);
        Assert.Contains("TIMING", stdout, StringComparison.Ordinal);
        Assert.Contains("timing within tolerance: no", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BadLine_Exit2WithFileAndLine()
    {
        string file = Path.Combine(_temp, "bad.segments.txt");
        File.WriteAllText(file, "# header\n0.000 c>s [S] 0 0 0\n0.1 c>s [Q] 0 0 0\n");
        var (exit, stdout, stderr) = Invoke(file, Ref("normal.segments.txt"));
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{file}:3: flags '[Q]'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingInputs_Exit2()
    {
        string missing = Path.Combine(_temp, "nope.txt");
        var (exit, _, stderr) = Invoke(missing, Ref("normal.segments.txt"));
        Assert.Equal(2, exit);
        Assert.Equal($"{missing}: no such file or folder", stderr.Trim());

        (exit, _, stderr) = Invoke(_temp, Ref("normal.segments.txt"));
        Assert.Equal(2, exit);
        Assert.Equal($"{_temp}: no segments.txt in this folder", stderr.Trim());
    }

    [Fact]
    public void BadMap_Exit2()
    {
        var (exit, _, stderr) = Invoke(Ref("normal.segments.txt"), Ref("normal.segments.txt"), "--map", "c:client");
        Assert.Equal(2, exit);
        Assert.StartsWith("--map: map entry 'c:client' is not key=name", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void States_ReferenceWithItself_Exit0()
    {
        var (exit, stdout, stderr) = Invoke(Ref("simultaneous-close.segments.txt"), Ref("simultaneous-close.pcap"), "--states");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Contains("states: matched 10 of 10, 0 extra, timing within tolerance: yes", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void States_SimulatedRunAgainstReference_Exit0()
    {
        string folder = OutputFolder("normal");
        File.WriteAllText(Path.Combine(folder, "states.txt"), """
            # t_ms endpoint STATE
            0.000 server LISTEN
            0.000 client SYN-SENT
            0.015 server#1 SYN-RECEIVED
            0.030 client ESTABLISHED
            0.045 server#1 ESTABLISHED
            2.161 client FIN-WAIT-1
            2.176 server#1 CLOSE-WAIT
            2.567 server#1 LAST-ACK
            2.582 client TIME-WAIT
            2.597 server#1 CLOSED
            60002.582 client CLOSED

            """);
        var (exit, stdout, stderr) = Invoke(folder, Ref("normal.segments.txt"), "--states");
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Contains("states: matched 4 of 4, 0 extra, 1 not modelled, timing within tolerance: yes", stdout, StringComparison.Ordinal);
        Assert.Contains("ok (not sampled)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void States_NoStatesFile_Exit2()
    {
        string folder = OutputFolder("normal");
        var (exit, _, stderr) = Invoke(folder, Ref("normal.segments.txt"), "--states");
        Assert.Equal(2, exit);
        Assert.Contains("--states needs a states file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DirectCall_SameAsCommand()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = CompareCommand.Run(Ref("stale-syn.pcap"), Ref("stale-syn.segments.txt"), null, false, stdout, stderr);
        Assert.Equal(0, exit);
        Assert.Contains("segments: matched 3 of 3, 0 extra, timing within tolerance: yes", stdout.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A reference folder holding the segments of <paramref name="names"/> (no states files).</summary>
    private string ReferenceFolder(params string[] names)
    {
        string dir = Path.Combine(_temp, "reference");
        Directory.CreateDirectory(dir);
        foreach (string n in names) File.Copy(Ref(n + ".segments.txt"), Path.Combine(dir, n + ".segments.txt"));
        return dir;
    }

    [Fact]
    public void Folders_EveryCaseMatches_OneRowEachTotalExit0()
    {
        string reference = ReferenceFolder("normal", "lost-fin");
        OutputFolder("normal");
        OutputFolder("lost-fin");
        var (exit, stdout, stderr) = Invoke(_temp, reference);
        Assert.Equal("", stderr);
        Assert.Equal(0, exit);
        Assert.Matches(@"\nlost-fin +11/11 +0 +yes +— +ok\n", stdout);
        Assert.Matches(@"\nnormal +10/10 +0 +yes +— +ok\n", stdout);
        Assert.Contains("total: 2 of 2 cases match, 0 differ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("== ", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Folders_DifferingAndMissingRuns_Exit1WithDetails()
    {
        string reference = ReferenceFolder("normal", "lost-fin", "refused");
        OutputFolder("normal", text => text.Replace("[P.] 1 1 100", "[P.] 1 1 99", StringComparison.Ordinal));
        OutputFolder("lost-fin");
        var (exit, stdout, _) = Invoke(_temp, reference);
        Assert.Equal(1, exit);
        Assert.Matches(@"\nnormal +9/10 +1 +yes +— +DIFFERS\n", stdout);
        Assert.Matches(@"\nrefused +— +— +— +— +NO RUN\n", stdout);
        Assert.Contains("total: 1 of 3 cases match, 2 differ", stdout, StringComparison.Ordinal);
        Assert.Contains("== normal", stdout, StringComparison.Ordinal);
        Assert.Contains("len 99, reference 100", stdout, StringComparison.Ordinal);
        Assert.Contains("no segments.txt", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Folders_ReferenceFolderWithoutTraces_Exit2()
    {
        string empty = Path.Combine(_temp, "empty");
        Directory.CreateDirectory(empty);
        var (exit, _, stderr) = Invoke(_temp, empty);
        Assert.Equal(2, exit);
        Assert.Contains("no NAME.segments.txt", stderr, StringComparison.Ordinal);
    }
}
