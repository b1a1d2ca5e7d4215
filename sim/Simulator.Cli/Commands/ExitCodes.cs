namespace Simulator.Cli.Commands;

/// <summary>The process exit codes of tcpsim.</summary>
public static class ExitCodes
{
    /// <summary>Everything valid; every expectation passed.</summary>
    public const int Ok = 0;

    /// <summary>An expectation failed.</summary>
    public const int ExpectationFailed = 1;

    /// <summary>Invalid input: a scenario with errors, a missing file, a bad command line.</summary>
    public const int InvalidInput = 2;

    /// <summary>The simulation could not be run.</summary>
    public const int RunFailed = 3;
}
