using Simulator.Cli.Output;

namespace Simulator.Cli.Tests;

public sealed class OutputTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void AtomicWriteLeavesOnlyTheFile()
    {
        string path = Path.Combine(_temp.Path, "segments.txt");
        AtomicFileWriter.WriteAllText(path, "old\n");
        AtomicFileWriter.WriteText(path, w => w.WriteLine("new"));
        Assert.Equal("new\n", File.ReadAllText(path));
        Assert.Equal(["segments.txt"], _temp.AllFiles());
    }

    [Fact]
    public void FailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_temp.Path, "events.jsonl");
        AtomicFileWriter.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<InvalidOperationException>(() => AtomicFileWriter.Write(path, stream =>
        {
            stream.Write([9, 9, 9, 9]);
            throw new InvalidOperationException("export failed");
        }));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(["events.jsonl"], _temp.AllFiles());
    }

    [Fact]
    public void OutputSetCommitsEveryFile()
    {
        var paths = new OutputPaths(_temp.Path);
        using (var set = new OutputSet(paths, "lost-synack"))
        {
            set.AddText("segments.txt", "0.000 client>server [S] 0 0 0\n");
            set.AddText("states.txt", w => w.WriteLine("0.000 client SYN-SENT"));
            set.Add("trace.pcap", s => s.Write([0xD4, 0xC3, 0xB2, 0xA1]));
            Assert.Equal(3, _temp.AllFiles().Length);
            Assert.All(_temp.AllFiles(), f => Assert.EndsWith(".tmp", f, StringComparison.Ordinal));
            set.Commit();
        }
        Assert.Equal(["lost-synack/segments.txt", "lost-synack/states.txt", "lost-synack/trace.pcap"], _temp.AllFiles());
        Assert.Equal("0.000 client SYN-SENT\n", File.ReadAllText(Path.Combine(_temp.Path, "lost-synack", "states.txt")));
    }

    [Fact]
    public void FailedRunLeavesThePreviousOutputsWhole()
    {
        var paths = new OutputPaths(_temp.Path);
        using (var first = new OutputSet(paths, "s"))
        {
            first.AddText("segments.txt", "previous\n");
            first.Commit();
        }
        using (var second = new OutputSet(paths, "s"))
        {
            second.AddText("segments.txt", "partial\n");
            Assert.Throws<IOException>(() => second.AddText("states.txt", w =>
            {
                w.WriteLine("half");
                throw new IOException("disk full");
            }));
        }
        Assert.Equal(["s/segments.txt"], _temp.AllFiles());
        Assert.Equal("previous\n", File.ReadAllText(Path.Combine(_temp.Path, "s", "segments.txt")));
    }

    [Fact]
    public void OutputSetRejectsPathsAsFileNames()
    {
        using var set = new OutputSet(new OutputPaths(_temp.Path), "s");
        Assert.Throws<ArgumentException>(() => set.AddText("../escape.txt", "x"));
        Assert.Throws<ArgumentException>(() => set.AddText("sub/file.txt", "x"));
        Assert.Throws<InvalidOperationException>(() =>
        {
            set.AddText("a.txt", "x");
            set.AddText("a.txt", "y");
        });
    }

    [Fact]
    public void ScenarioFolderIsInsideTheRoot()
    {
        var paths = new OutputPaths(Path.Combine(_temp.Path, "output"));
        Assert.Equal(Path.Combine(_temp.Path, "output", "lost-synack"), paths.ScenarioFolder("lost-synack"));
        Assert.Equal(Path.Combine(_temp.Path, "output", "lost-synack", "states.txt"), paths.FileIn("lost-synack", "states.txt"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("/etc")]
    [InlineData("..\\x")]
    [InlineData("")]
    [InlineData("x\0y")]
    public void NamesThatWouldEscapeAreRefused(string name)
    {
        var paths = new OutputPaths(Path.Combine(_temp.Path, "output"));
        Assert.Throws<ArgumentException>(() => paths.ScenarioFolder(name));
        Assert.Empty(_temp.AllFiles());
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../x.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void FileNamesThatWouldEscapeAreRefused(string fileName) =>
        Assert.Throws<ArgumentException>(() => new OutputPaths(_temp.Path).FileIn("s", fileName));

    [Fact]
    public void SymbolicLinkScenarioFolderIsRefused()
    {
        string outside = Path.Combine(_temp.Path, "outside");
        Directory.CreateDirectory(outside);
        string root = Path.Combine(_temp.Path, "output");
        Directory.CreateDirectory(root);
        Directory.CreateSymbolicLink(Path.Combine(root, "s"), outside);
        Assert.Throws<ArgumentException>(() => new OutputPaths(root).ScenarioFolder("s"));
    }

    [Fact]
    public void IsInsideIsNotFooledByACommonPrefix()
    {
        Assert.False(OutputPaths.IsInside("/tmp/out", "/tmp/out2/x"));
        Assert.False(OutputPaths.IsInside("/tmp/out", "/tmp/out"));
        Assert.False(OutputPaths.IsInside("/tmp/out", "/tmp/out/../etc"));
        Assert.True(OutputPaths.IsInside("/tmp/out/", "/tmp/out/x"));
    }
}
