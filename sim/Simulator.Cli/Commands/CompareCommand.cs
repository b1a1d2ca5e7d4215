using System.CommandLine;
using System.Globalization;
using System.Text;
using Simulator.Core.Export;
using Simulator.Core.Fidelity;
using Simulator.Core.Tcp;
using Simulator.Core.Tracing;

namespace Simulator.Cli.Commands;

/// <summary>
/// <c>tcpsim compare &lt;simulated&gt; &lt;reference&gt; [--map c=client,s=server] [--states]</c>: lines a simulated run up
/// against a reference trace and prints both side by side. With two folders (<c>tcpsim compare OUTPUT_DIR
/// REFERENCE_DIR</c>) it pairs every <c>NAME.segments.txt</c> of the reference folder with the run <c>OUTPUT_DIR/NAME</c>,
/// compares segments and states, and prints one row per case and a total line, then the details of each case that
/// differs. Exit 0 on a full match, 1 on a mismatch, 2 on bad input.
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
            Description = "A segments.txt, an output folder holding one, or a pcap of the simulated run; with a reference folder: the folder `tcpsim run --out` wrote",
        };
        var reference = new Argument<string>("reference")
        {
            Description = "A reference segments.txt (tcpsim or reference/linux format) or a pcap; or a folder of NAME.segments.txt (compares every case)",
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
        if (Directory.Exists(reference)) return RunFolders(simulated, reference, sideMap, stdout, stderr);

        var case_ = CompareCase(simulated, reference, sideMap, states, stderr);
        if (case_ is null) return ExitBadInput;
        WriteDetails(case_, stdout);
        return case_.IsFullMatch ? ExitMatch : ExitMismatch;
    }

    /// <summary>The reference folder's cases, each against the run of the same name: one row each, a total, then details.</summary>
    private static int RunFolders(string outputDir, string referenceDir, SideMap sideMap, TextWriter stdout, TextWriter stderr)
    {
        if (!Directory.Exists(outputDir))
        {
            stderr.WriteLine($"{outputDir}: no such folder (with a reference folder, the first argument is the folder `tcpsim run --out` wrote)");
            return ExitBadInput;
        }
        var names = Directory.GetFiles(referenceDir, "*.segments.txt")
            .Select(Path.GetFileName)
            .Select(f => f![..^".segments.txt".Length])
            .Where(n => !n.EndsWith(".server-view", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            stderr.WriteLine($"{referenceDir}: no NAME.segments.txt in this folder");
            return ExitBadInput;
        }
        var rows = new List<string[]>();
        var differing = new List<(string Name, CaseResult? Result, string? Problem)>();
        int matched = 0;
        foreach (string name in names)
        {
            string run = Path.Combine(outputDir, name);
            string refSegments = Path.Combine(referenceDir, name + ".segments.txt");
            bool withStates = File.Exists(Path.Combine(referenceDir, name + ".states.txt"));
            if (!File.Exists(Path.Combine(run, "segments.txt")))
            {
                rows.Add([name, "—", "—", "—", "—", "NO RUN"]);
                differing.Add((name, null, $"{run}: no segments.txt (is there a scenario {name}.yaml?)"));
                continue;
            }
            var errors = new StringWriter();
            var result = CompareCase(run, refSegments, sideMap, withStates, errors);
            if (result is null)
            {
                rows.Add([name, "—", "—", "—", "—", "BAD INPUT"]);
                differing.Add((name, null, errors.ToString().TrimEnd()));
                continue;
            }
            var seg = result.Segments;
            string statesCell = result.States is { } st
                ? string.Create(CultureInfo.InvariantCulture, $"{st.Matched}/{st.ReferenceCount - st.NotModelled}{(st.Extra > 0 ? $" +{st.Extra}" : "")}{(st.TimingOk ? "" : " timing")}")
                : "—";
            rows.Add([
                name,
                string.Create(CultureInfo.InvariantCulture, $"{seg.Matched}/{seg.ReferenceCount}"),
                seg.Extra.ToString(CultureInfo.InvariantCulture),
                seg.TimingOk ? "yes" : "no",
                statesCell,
                result.IsFullMatch ? "ok" : "DIFFERS",
            ]);
            if (result.IsFullMatch) matched++;
            else differing.Add((name, result, null));
        }
        foreach (string line in Table(["case", "segments", "extra", "timing", "states", "result"], rows)) stdout.WriteLine(line);
        stdout.WriteLine();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total: {matched} of {names.Count} cases match, {names.Count - matched} differ"));
        foreach (var (name, result, problem) in differing)
        {
            stdout.WriteLine();
            stdout.WriteLine($"== {name}");
            if (result is not null) WriteDetails(result, stdout);
            else stdout.WriteLine(problem);
        }
        return differing.Count == 0 ? ExitMatch : ExitMismatch;
    }

    /// <summary>One comparison: null (after writing the reason to <paramref name="stderr"/>) on bad input.</summary>
    private static CaseResult? CompareCase(string simulated, string reference, SideMap sideMap, bool states, TextWriter stderr)
    {
        Listing sim, refs;
        IReadOnlyList<StateRow>? simStates = null, refStates = null;
        IReadOnlyDictionary<string, double>? refEnds = null;
        SideMap stateSides = sideMap;
        try
        {
            sim = Listing.Load(simulated, sideMap);
            refs = Listing.Load(reference, sideMap);
            if (states)
            {
                simStates = StatesText.Parse(File.ReadAllText(sim.StatesPath()), sim.StatesPath());
                stateSides = sideMap.With(EndpointHosts(sim.StatesPath()));
                string refStatesText = File.ReadAllText(refs.StatesPath());
                refStates = StatesText.Parse(refStatesText, refs.StatesPath());
                if (refs.EpochT0 is double epochT0)
                    refEnds = StateComparer.EndsAfter(StatesText.SamplingEnds(refStatesText), epochT0);
            }
        }
        catch (Exception ex) when (ex is InputException or TraceFormatException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine(ex.Message);
            return null;
        }

        var segments = SegmentComparer.Compare(sim.Segments, refs.Segments, sideMap);
        StateComparison? stateResult = simStates is not null && refStates is not null
            ? StateComparer.Compare(simStates, refStates, stateSides, sim.StatesT0Ms, refs.StatesT0Ms, refEnds)
            : null;
        return new CaseResult(sim.Path, refs.Path, sideMap, segments, stateResult);
    }

    /// <summary>
    /// The host of each scenario endpoint, from the run's <c>events.jsonl</c> beside its states file, so that sockets
    /// of several endpoints on one host (<c>c1</c>, <c>c2</c> on <c>client</c>) pair with that host's reference
    /// sockets. None when the file is absent (a states file of another origin).
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> EndpointHosts(string statesPath)
    {
        string events = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(statesPath) ?? "", SavedTrace.EventsFile);
        if (!File.Exists(events)) return [];
        return JsonlTrace.Read(File.ReadAllText(events), events).OfType<EndpointCreated>()
            .Where(e => e.Listener is null)
            .Select(e => new KeyValuePair<string, string>(e.Endpoint, e.Host));
    }

    /// <summary>Both time-lines side by side, segments then states, with their summary lines.</summary>
    private static void WriteDetails(CaseResult result, TextWriter stdout)
    {
        stdout.WriteLine($"simulated: {result.SimulatedPath}");
        stdout.WriteLine($"reference: {result.ReferencePath}");
        stdout.WriteLine($"sides: {result.Sides}; times in ms from each side's first SYN");
        stdout.WriteLine();
        foreach (string line in SegmentTable(result.Segments)) stdout.WriteLine(line);
        stdout.WriteLine();
        stdout.WriteLine("segments: " + result.Segments.Summary);
        if (result.States is { } states)
        {
            stdout.WriteLine();
            foreach (string line in StateTable(states)) stdout.WriteLine(line);
            stdout.WriteLine();
            stdout.WriteLine("states: " + states.Summary);
        }
    }

    private sealed record CaseResult(string SimulatedPath, string ReferencePath, SideMap Sides, SegmentComparison Segments, StateComparison? States)
    {
        public bool IsFullMatch => Segments.IsFullMatch && (States?.IsFullMatch ?? true);
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
        StateVerdict.Replaced => "ok (replaced)",
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
