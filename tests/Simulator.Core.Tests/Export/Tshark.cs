using System.Diagnostics;
using Simulator.Core.Tests.Support;

namespace Simulator.Core.Tests.Export;

/// <summary>Runs Wireshark's tshark on a capture (tests that use it carry <c>[ToolTheory("tshark")]</c>).</summary>
internal static class Tshark
{
    /// <summary>One row per packet, tab-separated fields as <c>-T fields</c> prints them.</summary>
    public static IReadOnlyList<string[]> Fields(byte[] pcap, params string[] fields)
    {
        string file = Path.Combine(Path.GetTempPath(), $"tcpsim-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(file, pcap);
        try
        {
            var psi = new ProcessStartInfo(ExternalTool.Tshark.Executable())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string a in new[] { "-r", file, "-T", "fields", "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
                         "-o", "tcp.relative_sequence_numbers:TRUE" })
                psi.ArgumentList.Add(a);
            foreach (string f in fields)
            {
                psi.ArgumentList.Add("-e");
                psi.ArgumentList.Add(f);
            }
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            string stdout = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"tshark exited {p.ExitCode}: {stderr.Result}");
            return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
