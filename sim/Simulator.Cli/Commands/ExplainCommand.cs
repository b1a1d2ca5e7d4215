using System.CommandLine;
using Simulator.Core.Explain;
using Simulator.Core.Tracing;

namespace Simulator.Cli.Commands;

/// <summary>
/// <c>tcpsim explain OUTPUT_DIR [OUTPUT_DIR_B] [--lang en|zh]</c>: a plain-language account of a saved run, step by
/// step; with two runs (the real protocol, then a variant under the same faults), what differs and what went wrong.
/// </summary>
public static class ExplainCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("run")
        {
            Description = "A run's output folder (or its events.jsonl); give two to compare the real protocol with a variant",
            Arity = new ArgumentArity(1, 2),
        };
        inputs.Validators.Add(ScenarioInputs.RejectOptionLikeValues);
        var lang = LanguageOption();
        var command = new Command("explain", "Explain a saved run step by step, or what differs between two runs, in English or Chinese");
        command.Arguments.Add(inputs);
        command.Options.Add(lang);
        command.SetAction(parseResult => Run(
            parseResult.GetValue(inputs) ?? [],
            Language(parseResult.GetValue(lang)),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>The <c>--lang en|zh</c> option, shared with <c>run --explain</c>.</summary>
    public static Option<string> LanguageOption()
    {
        var lang = new Option<string>("--lang")
        {
            Description = "Language of the explanation",
            DefaultValueFactory = _ => "en",
            HelpName = string.Join("|", MessageCatalog.LanguageNames),
        };
        lang.AcceptOnlyFromAmong([.. MessageCatalog.LanguageNames]);
        return lang;
    }

    public static ExplainLanguage Language(string? name) =>
        MessageCatalog.TryParseLanguage(name ?? "en", out ExplainLanguage language) ? language : ExplainLanguage.En;

    /// <summary>Exit code 0 when explained, 1 when a trace could not be read, 2 for a bad path.</summary>
    public static int Run(IReadOnlyList<string> inputs, ExplainLanguage language, TextWriter stdout, TextWriter stderr)
    {
        var traces = new List<Trace>();
        foreach (string input in inputs)
        {
            if (SavedTrace.Load(input, "explain", stderr, out _, out int code) is not Trace trace) return code;
            traces.Add(trace);
        }
        Explanation explanation = traces.Count == 1
            ? TraceExplainer.Explain(traces[0])
            : PairExplainer.Compare(traces[0], traces[1]);
        stdout.Write(MessageCatalog.Render(explanation, language));
        return ExitCodes.Ok;
    }
}
