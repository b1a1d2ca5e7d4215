using System.Globalization;
using Simulator.Cli.Tests.Scenarios;
using Simulator.Cli.Yaml;
using Simulator.Core.Scenarios;
using Simulator.Core.Scheduling;
using Xunit.Abstractions;

namespace Simulator.Cli.Tests.Fuzz;

/// <summary>
/// The loader under fuzzing: mutated shipped scenarios must each end as exit 0, 1 or 2 — valid (then run, with an
/// event limit), or invalid with every error as <c>file:line:col: message</c> — never an exception or a hang.
/// TCPSIM_FUZZ_INPUTS sets the number of inputs (default <see cref="DefaultInputs"/>), TCPSIM_FUZZ_SEED the seed.
/// Every input that ever failed is kept in Fuzz/corpus/ and replayed by <see cref="Corpus_EveryInputEndsCleanly"/>.
/// </summary>
public sealed class LoaderFuzzTests(ITestOutputHelper output)
{
    public const int DefaultInputs = 1000;
    private const long MaxEvents = 20_000;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    private static string CorpusFolder => Path.Combine(Core.Tests.Support.RepoPaths.Root, "tests", "Simulator.Cli.Tests", "Fuzz", "corpus");

    public static TheoryData<string> CorpusFiles() => YamlFolder.FileNames(CorpusFolder);

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_EveryInputEndsCleanly(string file)
    {
        string path = Path.Combine(CorpusFolder, file);
        Verdict v = Judge(() => ScenarioLoader.Load(path), path);
        Assert.True(v.Problem is null, $"{file}: {v.Problem}");
    }

    [Fact]
    public void MutatedScenarios_EndInExitZeroOneOrTwo_WithLocatedErrors()
    {
        int inputs = FromEnvironment("TCPSIM_FUZZ_INPUTS", DefaultInputs);
        int seed = FromEnvironment("TCPSIM_FUZZ_SEED", 1);
        var seeds = Directory.GetFiles(ShippedScenarios.Folder, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), Text: File.ReadAllText(f))).ToArray();
        var mutator = new ScenarioMutator(seed);
        using var temp = new TempFolder();
        var exits = new int[3];
        var failures = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < inputs; i++)
        {
            var (name, text) = seeds[i % seeds.Length];
            Verdict v;
            string input;
            if (i % 10 == 9)
            {
                // Every tenth input goes through the file reader as bytes: encodings, invalid UTF-8, NULs.
                byte[] bytes = mutator.MutateBytes(text);
                input = temp.Write($"bytes-{i}.yaml", "");
                File.WriteAllBytes(input, bytes);
                v = Judge(() => ScenarioLoader.Load(input), input);
                if (v.Problem is null) File.Delete(input);
            }
            else
            {
                string mutated = mutator.Mutate(text);
                input = mutated;
                v = Judge(() => ScenarioLoader.Parse(mutated, name), name);
                if (v.Problem is not null) input = temp.Write($"text-{i}.yaml", mutated);
            }
            if (v.Problem is null) exits[v.Exit]++;
            else if (failures.Count < 20) failures.Add($"input {i} (from {name}, kept as {Keep(input)}): {v.Problem}");
            else failures.Add("");
        }
        string counts = string.Create(CultureInfo.InvariantCulture,
            $"loader fuzz: {inputs} inputs (seed {seed}) in {clock.Elapsed.TotalSeconds:0.0} s: exit 0 {exits[0]}, exit 1 {exits[1]}, exit 2 {exits[2]}, failures {failures.Count}");
        output.WriteLine(counts);
        Console.WriteLine(counts);
        Assert.True(failures.Count == 0, counts + "\n" + string.Join('\n', failures.Where(f => f.Length > 0)));
        Assert.True(exits[0] > 0 && exits[2] > 0, "the mutations should give both valid and invalid inputs: " + counts);
    }

    /// <summary>A failing input is copied to a folder that outlives the test, for the corpus.</summary>
    private static string Keep(string path)
    {
        string folder = Path.Combine(Path.GetTempPath(), "tcpsim-fuzz-failures");
        Directory.CreateDirectory(folder);
        string kept = Path.Combine(folder, Path.GetFileName(path));
        File.Copy(path, kept, overwrite: true);
        return kept;
    }

    private readonly record struct Verdict(int Exit, string? Problem);

    /// <summary>Loads, and runs what is valid, on a worker with a time limit: an exit code, or what went wrong.</summary>
    private static Verdict Judge(Func<LoadResult> load, string file)
    {
        var work = Task.Run(() =>
        {
            try
            {
                LoadResult result = load();
                if (result.Scenario is Scenario scenario) return Run(scenario);
                foreach (ScenarioError e in result.Errors)
                {
                    if (e.File != file || e.Line < 1 || e.Column < 1 || string.IsNullOrWhiteSpace(e.Message) || e.Message.Contains("   at ", StringComparison.Ordinal))
                        return new Verdict(2, $"badly located or formed error: {e}");
                }
                return new Verdict(2, result.Errors.Count == 0 ? "invalid, but no error reported" : null);
            }
            catch (Exception e)
            {
                return new Verdict(-1, $"crash: {e}");
            }
        });
        return work.Wait(HangLimit) ? work.Result : new Verdict(-1, $"hang: no answer within {HangLimit.TotalSeconds} s");
    }

    /// <summary>What <c>tcpsim run</c> computes before writing: the run (with an event limit) and the verdicts.</summary>
    private static Verdict Run(Scenario scenario)
    {
        RunResult run = ScenarioRunner.Run(scenario, new RunOptions { MaxEvents = MaxEvents });
        bool failed = run.Outcome.Reason == StopReason.EventLimit
            || ExpectationChecker.Check(scenario.Expectations, run.Trace!).Any(r => !r.Passed);
        Core.Export.SegmentsText.Write(run.Trace!);
        Core.Export.StatesText.Write(run.Trace!);
        return new Verdict(failed ? 1 : 0, null);
    }

    private static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : fallback;
}
