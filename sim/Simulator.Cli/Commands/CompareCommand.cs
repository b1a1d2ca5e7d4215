using System.CommandLine;
using System.Globalization;
using System.Text;
using Simulator.Core.Export;
using Simulator.Core.Fidelity;
using Simulator.Core.Tcp;

namespace Simulator.Cli.Commands;

/// <summary>
/// <c>tcpsim compare &lt;simulated&gt; &lt;reference&gt; [--map c=client,s=server] [--states]</c>: lines a simulated run up
/// against a reference trace and prints both side by side. Exit 0 on a full match, 1 on a mismatch, 2 on bad input.
/// </summary>
public static class CompareCommand
{
    public const int ExitMatch = 0;
    public const int ExitMismatch = 1;
    public const int ExitBadInput = 2;

    public static Command Create()
    {
        var simulated = new Argument<string>("simulated")
        {
            Description = "A segments.txt, an output folder holding one, or a pcap of the simulated run",
        };
        var reference = new Argument<string>("reference")
        {
            Description = "A reference segments.txt (tcpsim or reference/linux format) or a pcap",
        };
        var map = new Option<string?>("--map")
        {
            Description = "Side names: key=name pairs for short names or addresses (default c=client,s=server)",
        };
        var states = new Option<bool>("--states")
        {
            Description = "Also compare state changes (states.txt beside each input, or NAME.states.txt beside NAME.segments.txt)",
        };
        var command = new Command("compare", "Compare a simulated run with a reference trace, segment by segment")
        {
            simulated,
            reference,
            map,
            states,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(simulated) ?? "",
            parseResult.GetValue(reference) ?? "",
            parseResult.GetValue(map),
            parseResult.GetValue(states),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string simulated, string reference, string? map, bool states, TextWriter stdout, TextWriter stderr)
    {
        SideMap sideMap = SideMap.Default;
        if (map is not null && !SideMap.TryParse(map, out sideMap, out string? mapError))
        {
            stderr.WriteLine($"--map: {mapError}");
            return ExitBadInput;
        }

        Listing sim, refs;
        IReadOnlyList<StateRow>? simStates = null, refStates = null;
        IReadOnlyDictionary<string, double>? refEnds = null;
        try
        {
            sim = Listing.Load(simulated, sideMap);
            refs = Listing.Load(reference, sideMap);
            if (states)
            {
                simStates = StatesText.Parse(File.ReadAllText(sim.StatesPath()), sim.StatesPath());
                string refStatesText = File.ReadAllText(refs.StatesPath());
                refStates = StatesText.Parse(refStatesText, refs.StatesPath());
                if (refs.EpochT0 is double epochT0)
                    refEnds = StateComparer.EndsAfter(StatesText.SamplingEnds(refStatesText), epochT0);
            }
        }
        catch (InputException ex)
        {
            stderr.WriteLine(ex.Message);
            return ExitBadInput;
        }
        catch (TraceFormatException ex)
        {
            stderr.WriteLine(ex.Message);
            return ExitBadInput;
        }
        catch (IOException ex)
        {
            stderr.WriteLine(ex.Message);
            return ExitBadInput;
        }
        catch (UnauthorizedAccessException ex)
        {
            stderr.WriteLine(ex.Message);
            return ExitBadInput;
        }

        var segments = SegmentComparer.Compare(sim.Segments, refs.Segments, sideMap);
        stdout.WriteLine($"simulated: {sim.Path}");
        stdout.WriteLine($"reference: {refs.Path}");
        stdout.WriteLine($"sides: {sideMap}; times in ms from each side's first SYN");
        stdout.WriteLine();
        foreach (string line in SegmentTable(segments)) stdout.WriteLine(line);
        stdout.WriteLine();
        stdout.WriteLine("segments: " + segments.Summary);
        bool ok = segments.IsFullMatch;

        if (simStates is not null && refStates is not null)
        {
            var stateResult = StateComparer.Compare(simStates, refStates, sideMap, sim.StatesT0Ms, refs.StatesT0Ms, refEnds);
            stdout.WriteLine();
            foreach (string line in StateTable(stateResult)) stdout.WriteLine(line);
            stdout.WriteLine();
            stdout.WriteLine("states: " + stateResult.Summary);
            ok &= stateResult.IsFullMatch;
        }
        return ok ? ExitMatch : ExitMismatch;
    }

    private static string Verdict(SegmentComparisonRow row) => row.Verdict switch
    {
        SegmentVerdict.Match or SegmentVerdict.MatchSwapped when !row.TimingOk => "TIMING",
        SegmentVerdict.Match => "ok",
        SegmentVerdict.MatchSwapped => "ok (swapped)",
        SegmentVerdict.Differs => "DIFFERS",
        SegmentVerdict.Missing => "MISSING",
        SegmentVerdict.Extra => "EXTRA",
        _ => row.Verdict.ToString(),
    };

    private static string Verdict(StateComparisonRow row) => row.Verdict switch
    {
        StateVerdict.Match when !row.TimingOk => "TIMING",
        StateVerdict.Match => "ok",
        StateVerdict.NotSampled => "ok (not sampled)",
        StateVerdict.NeverVisible => "ok (never visible)",
        StateVerdict.NotModelled => "ok (not modelled)",
        StateVerdict.AfterReferenceEnd => "ok (after sampling)",
        StateVerdict.Missing => "MISSING",
        StateVerdict.Extra => "EXTRA",
        _ => row.Verdict.ToString(),
    };

    private static string Delta(double? ms) => ms is double d ? d.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture) : "";

    private static IEnumerable<string> SegmentTable(SegmentComparison result)
    {
        int refWidth = result.Rows.Select(r => r.Reference is null ? 0 : WireSegment.FormatMs(r.Reference.TimeMs).Length).DefaultIfEmpty(0).Max();
        int simWidth = result.Rows.Select(r => r.Simulated is null ? 0 : WireSegment.FormatMs(r.Simulated.TimeMs).Length).DefaultIfEmpty(0).Max();
        int deltaWidth = result.Rows.Select(r => Delta(r.TimeDiffMs).Length).DefaultIfEmpty(0).Max();
        var cells = result.Rows.Select(r => new[]
        {
            Cell(r.Reference, refWidth),
            Cell(r.Simulated, simWidth),
            Verdict(r),
            Delta(r.TimeDiffMs).PadLeft(deltaWidth),
            r.Detail,
        }).ToList();
        return Table(["reference", "simulated", "verdict", "Δt ms", ""], cells);
    }

    /// <summary>A listing line with its time right-aligned, so the columns after it line up.</summary>
    private static string Cell(WireSegment? s, int timeWidth)
    {
        if (s is null) return "—";
        string line = s.ToLine();
        int space = line.IndexOf(' ', StringComparison.Ordinal);
        return line[..space].PadLeft(timeWidth) + line[space..];
    }

    private static IEnumerable<string> StateTable(StateComparison result)
    {
        int refWidth = result.Rows.Select(r => r.Reference is null ? 0 : WireSegment.FormatMs(r.Reference.TimeMs).Length).DefaultIfEmpty(0).Max();
        int simWidth = result.Rows.Select(r => r.Simulated is null ? 0 : WireSegment.FormatMs(r.Simulated.TimeMs).Length).DefaultIfEmpty(0).Max();
        int deltaWidth = result.Rows.Select(r => Delta(r.TimeDiffMs).Length).DefaultIfEmpty(0).Max();
        var cells = result.Rows.Select(r => new[]
        {
            r.Socket,
            r.Reference is { } x ? $"{WireSegment.FormatMs(x.TimeMs).PadLeft(refWidth)} {x.State.ToRfcName()}" : "—",
            r.Simulated is { } y ? $"{WireSegment.FormatMs(y.TimeMs).PadLeft(simWidth)} {y.State.ToRfcName()}" : "—",
            Verdict(r),
            Delta(r.TimeDiffMs).PadLeft(deltaWidth),
            r.Detail,
        }).ToList();
        return Table(["socket", "reference", "simulated", "verdict", "Δt ms", ""], cells);
    }

    private static IEnumerable<string> Table(string[] header, List<string[]> rows)
    {
        int[] widths = header.Select((h, i) => Math.Max(h.Length, rows.Select(r => r[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        string Line(string[] cells)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < cells.Length; i++)
            {
                if (i > 0) sb.Append("  ");
                sb.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i]));
            }
            return sb.ToString().TrimEnd();
        }
        yield return Line(header);
        foreach (var row in rows) yield return Line(row);
    }

    private sealed class InputException(string message) : Exception(message);

    /// <summary>
    /// A wire listing loaded from a file or folder; <see cref="StatesT0Ms"/> is its first SYN on the time-line of the
    /// states file beside it, <see cref="EpochT0"/> the first SYN in Unix seconds when known.
    /// </summary>
    private sealed record Listing(string Path, string Input, IReadOnlyList<WireSegment> Segments, double StatesT0Ms, double? EpochT0)
    {
        public static Listing Load(string argument, SideMap map)
        {
            string path = argument;
            if (Directory.Exists(path))
            {
                path = System.IO.Path.Combine(argument, "segments.txt");
                if (!File.Exists(path)) throw new InputException($"{argument}: no segments.txt in this folder");
            }
            else if (!File.Exists(path))
            {
                throw new InputException($"{argument}: no such file or folder");
            }
            byte[] bytes = File.ReadAllBytes(path);
            if (PcapReader.LooksLikeCapture(bytes))
            {
                var capture = PcapReader.Read(bytes, path);
                var segments = PcapReader.ToWireSegments(capture.Packets, map);
                // A capture of ours starts at PcapWriter's epoch base: its states.txt counts from there.
                double t0 = 0;
                double? epoch = null;
                var syn = capture.Packets.FirstOrDefault(p => p.Flags.Has(TcpFlags.Syn)) ?? (capture.Packets.Count > 0 ? capture.Packets[0] : null);
                if (syn is not null)
                {
                    epoch = syn.TimestampNs / 1e9;
                    long sinceBase = syn.TimestampNs - PcapWriter.EpochBaseSeconds * 1_000_000_000;
                    if (sinceBase is >= 0 and < 86_400L * 1_000_000_000) t0 = sinceBase / 1e6;
                }
                return new Listing(path, argument, segments, t0, epoch);
            }
            string text;
            try
            {
                text = new UTF8Encoding(false, true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw new InputException($"{path}: neither a pcap file nor UTF-8 text");
            }
            var parsed = SegmentsText.Parse(text, path);
            return new Listing(path, argument, parsed, Tolerance.FirstSynMs(parsed), SegmentsText.EpochT0(text));
        }

        /// <summary><c>NAME.states.txt</c> beside <c>NAME.segments.txt</c> or <c>NAME.pcap</c>, else <c>states.txt</c> in the same folder.</summary>
        public string StatesPath()
        {
            string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) ?? ".";
            string name = System.IO.Path.GetFileName(Path);
            var candidates = new List<string>();
            foreach (string suffix in new[] { ".segments.txt", ".pcap", ".server-view.segments.txt" })
            {
                if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                {
                    string stem = name[..^suffix.Length];
                    if (stem.EndsWith(".server-view", StringComparison.OrdinalIgnoreCase)) stem = stem[..^".server-view".Length];
                    candidates.Add(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path) ?? "", stem + ".states.txt"));
                }
            }
            candidates.Add(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path) ?? "", "states.txt"));
            foreach (string c in candidates.Distinct())
                if (File.Exists(c)) return c;
            throw new InputException($"{Input}: --states needs a states file; looked for {string.Join(", ", candidates.Distinct())} (in {dir})");
        }
    }
}
