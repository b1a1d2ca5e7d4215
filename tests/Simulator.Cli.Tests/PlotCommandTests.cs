using System.CommandLine;
using System.Xml.Linq;
using Simulator.Cli.Commands;
using Simulator.Core.Export;
using Simulator.Core.Network;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Core.Tracing;

namespace Simulator.Cli.Tests;

public sealed class PlotCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tcpsim-plot-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Trace SmallTrace()
    {
        var client = new HostInfo("client", new Ipv4Address(0x0A000001));
        var server = new HostInfo("server", new Ipv4Address(0x0A000002));
        var trace = new Trace("tiny", "a SYN and a refusal", 7, "linux", [client, server]);
        var c = new TransportAddress(client.Address, 40000);
        var s = new TransportAddress(server.Address, 5000);
        trace.Add(new EndpointCreated(SimTime.Zero, "client", "client", 40000, null));
        trace.Add(new StateChanged(SimTime.Zero, "client", TcpState.Closed, TcpState.SynSent, "connect"));
        trace.Add(new SegmentSent(SimTime.Zero, 1, "client", "server", new Segment(c, s, new SeqNum(100), new SeqNum(0), TcpFlags.Syn, 0, 65535, TcpOptions.None),
            SegmentFate.Delivered, "client", false, new SimTime(50_000), null));
        trace.Add(new SegmentDelivered(new SimTime(50_000), 1, "server", null));
        trace.Add(new SegmentSent(new SimTime(50_000), 2, "server", "client", new Segment(s, c, new SeqNum(0), new SeqNum(101), TcpFlags.Rst | TcpFlags.Ack, 0, 0, TcpOptions.None),
            SegmentFate.Delivered, null, false, new SimTime(100_000), null));
        trace.Add(new SegmentDelivered(new SimTime(100_000), 2, "client", "client"));
        trace.Add(new StateChanged(new SimTime(100_000), "client", TcpState.SynSent, TcpState.Closed, "RST received"));
        trace.Add(new RunEnded(new SimTime(100_000), "no events left", 7));
        return trace;
    }

    private (int Code, string Out, string Err) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand("tcpsim") { PlotCommand.Create() };
        int code = root.Parse(["plot", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static readonly Simulator.Charts.ChartOptions Defaults = new();

    /// <summary>Width and height from a PNG's IHDR chunk.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        byte[] b = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], b[..4]);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(20)));
    }

    [Fact]
    public void Renders_both_formats_and_the_report_from_a_folder()
    {
        File.WriteAllText(Path.Combine(_dir, "events.jsonl"), JsonlTrace.WriteText(SmallTrace()));
        File.WriteAllText(Path.Combine(_dir, ScenarioRun.ExpectationsFile), "PASS  client states [SYN-SENT, CLOSED]\n");
        var (code, output, error) = Invoke(_dir, "--absolute-seq");
        Assert.True(code == 0, error);
        Assert.Contains("client states [SYN-SENT, CLOSED]", File.ReadAllText(Path.Combine(_dir, "report.html")));
        foreach (string name in new[] { "timeline.svg", "sequence.svg" })
        {
            string path = Path.Combine(_dir, name);
            Assert.Contains(path, output);
            XDocument.Parse(File.ReadAllText(path));
        }
        Assert.Contains("SYN seq=100", File.ReadAllText(Path.Combine(_dir, "sequence.svg")));
        Assert.Contains("<!DOCTYPE html>", File.ReadAllText(Path.Combine(_dir, "report.html")));
        Assert.True(PngSize(Path.Combine(_dir, "timeline.png")).Width > 500);
        Assert.Equal(7, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void Format_and_size_choose_the_files_and_their_pixels()
    {
        File.WriteAllText(Path.Combine(_dir, "events.jsonl"), JsonlTrace.WriteText(SmallTrace()));
        var (code, _, error) = Invoke(_dir, "--format", "png", "--width", "900", "--height", "480");
        Assert.True(code == 0, error);
        Assert.Equal((900, 480), PngSize(Path.Combine(_dir, "timeline.png")));
        Assert.Equal((900, 480), PngSize(Path.Combine(_dir, "sequence.png")));
        Assert.False(File.Exists(Path.Combine(_dir, "timeline.svg")));
        Assert.True(File.Exists(Path.Combine(_dir, "report.html")));

        (code, _, error) = Invoke(_dir, "--format", "svg", "--width", "640");
        Assert.True(code == 0, error);
        Assert.Contains("width=\"640\"", File.ReadAllText(Path.Combine(_dir, "sequence.svg")));
    }

    [Theory]
    [InlineData("--format", "gif")]
    [InlineData("--width", "10")]
    [InlineData("--height", "90000")]
    public void Bad_format_or_size_is_a_usage_error(string option, string value)
    {
        File.WriteAllText(Path.Combine(_dir, "events.jsonl"), JsonlTrace.WriteText(SmallTrace()));
        var (code, _, error) = Invoke(_dir, option, value);
        Assert.NotEqual(0, code);
        Assert.Contains(value, error);
        Assert.False(File.Exists(Path.Combine(_dir, "report.html")));
    }

    [Fact]
    public void Accepts_the_events_file_itself()
    {
        string events = Path.Combine(_dir, "events.jsonl");
        File.WriteAllText(events, JsonlTrace.WriteText(SmallTrace()));
        var (code, _, _) = Invoke(events);
        Assert.Equal(0, code);
        Assert.Contains("SYN seq=0", File.ReadAllText(Path.Combine(_dir, "sequence.svg")));
    }

    [Fact]
    public void A_corrupt_trace_is_reported_and_nothing_is_written()
    {
        File.WriteAllText(Path.Combine(_dir, "events.jsonl"), "{\"type\": \"nonsense\"}\n");
        var error = new StringWriter();
        Assert.Equal(1, PlotCommand.Run(_dir, Defaults, TextWriter.Null, error));
        Assert.Contains("cannot read", error.ToString());
        Assert.False(File.Exists(Path.Combine(_dir, "timeline.svg")));
    }

    [Fact]
    public void A_missing_input_is_a_usage_error()
    {
        var error = new StringWriter();
        Assert.Equal(2, PlotCommand.Run(Path.Combine(_dir, "nope"), Defaults, TextWriter.Null, error));
        Assert.Contains("no such folder or file", error.ToString());
        Assert.Equal(2, PlotCommand.Run(_dir, Defaults, TextWriter.Null, new StringWriter()));
    }
}
