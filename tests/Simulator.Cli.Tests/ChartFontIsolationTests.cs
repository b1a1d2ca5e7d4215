using System.Diagnostics;
using Simulator.Cli.Commands;
using Simulator.Cli.Tests.Scenarios;

namespace Simulator.Cli.Tests;

/// <summary>
/// The charts are drawn with the fonts shipped in Simulator.Charts: a tcpsim process that cannot see any installed
/// font (an empty folder mounted over /usr/share/fonts in a private mount namespace) writes the same PNG and SVG bytes
/// as one that can.
/// </summary>
public sealed class ChartFontIsolationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tcpsim-fonts-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Charts_are_the_same_without_installed_fonts()
    {
        Assert.True(OperatingSystem.IsLinux() && File.Exists("/usr/bin/unshare") && Environment.UserName == "root",
            "hiding the installed fonts needs Linux, root and unshare (Debian: apt-get install -y util-linux)");
        string with = Path.Combine(_dir, "with"), without = Path.Combine(_dir, "without"), empty = Path.Combine(_dir, "empty");
        foreach (string d in new[] { with, without, empty }) Directory.CreateDirectory(d);
        var (code, _, err) = CliRun.Invoke("run", ShippedScenarios.File("lost-synack"), "--out", with, "--quiet");
        Assert.True(code == 0, err);
        string run = Path.Combine(with, "lost-synack");
        File.Copy(Path.Combine(run, PlotCommand.EventsFile), Path.Combine(without, PlotCommand.EventsFile));

        string tcpsim = typeof(Cli).Assembly.Location;
        var start = new ProcessStartInfo("/usr/bin/unshare", ["-m", "sh", "-c",
            $"mount --bind '{empty}' /usr/share/fonts && exec dotnet '{tcpsim}' plot '{without}'"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
        foreach (string file in new[] { "timeline.png", "timeline.svg", "sequence.png", "sequence.svg" })
            Assert.True(File.ReadAllBytes(Path.Combine(run, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(without, file))), $"{file} differs without installed fonts");
    }
}
