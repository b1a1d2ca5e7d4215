using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using Simulator.Cli.Commands;

namespace Simulator.Cli;

/// <summary>The tcpsim command line; output goes to the given writers so tests can run it in-process.</summary>
public static class Cli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        RootCommand root = CreateRoot(stdout, stderr);
        ParseResult parsed = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
            return ExitCodes.InvalidInput;
        }
        if (parsed.Errors.Count > 0 && parsed.Action is not CommandLineAction { ClearsParseErrors: true })
        {
            foreach (var error in parsed.Errors) stderr.WriteLine($"tcpsim: {error.Message}");
            stderr.WriteLine("Run 'tcpsim --help' for usage.");
            return ExitCodes.InvalidInput;
        }
        return parsed.Invoke(configuration);
    }

    public static RootCommand CreateRoot(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand(
            "tcpsim: a discrete-event simulator of TCP connection lifecycles (RFC 9293 and Linux behaviour).\n"
            + "Scenarios are YAML files; every problem in one is reported as file:line:col: message.\n"
            + "Exit codes: 0 all expectations pass, 1 an expectation failed, 2 invalid input.")
        {
            ValidateCommand.Create(stdout, stderr),
            RunCommand.Create(stdout, stderr),
            CompareCommand.Create(),
            PlotCommand.Create(),
            ExplainCommand.Create(),
            BenchCommand.Create(stdout, stderr),
            SweepCommand.Create(stdout, stderr),
            MergeCommand.Create(stdout, stderr),
            ChaosCommand.Create(stdout, stderr),
            NewCommand.Create(stdout, stderr),
            SchemaCommand.Create(stdout),
        };
        foreach (Option option in root.Options.OfType<VersionOption>()) option.Action = new VersionAction(stdout);
        return root;
    }

    /// <summary>The version without the build's source revision: <c>tcpsim 0.1.0</c>.</summary>
    public static string Version
    {
        get
        {
            string? informational = typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            string version = informational?.Split('+')[0] ?? typeof(Cli).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
            return $"tcpsim {version}";
        }
    }

    private sealed class VersionAction(TextWriter stdout) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            stdout.WriteLine(Version);
            return ExitCodes.Ok;
        }
    }
}
