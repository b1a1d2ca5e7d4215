namespace Simulator.Cli;

/// <summary>The tcpsim command line; output goes to the given writers so tests can run it in-process.</summary>
public static class Cli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        stderr.WriteLine("tcpsim: not yet wired");
        return args.Length == 0 ? 2 : 2;
    }
}
