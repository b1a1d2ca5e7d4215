using Simulator.Cli.Yaml;
using Simulator.Core.Scenarios;

namespace Simulator.Cli.Tests;

/// <summary>Scenario texts and assertions shared by the loader tests.</summary>
internal static class ScenarioText
{
    public const string File = "test.yaml";

    /// <summary>A valid scenario of 18 lines; tests append sections from line 19 on.</summary>
    public const string Base =
        """
        name: t
        hosts:
          client: 10.0.0.1
          server: 10.0.0.2
        links:
          - between: [client, server]
            delay: 1ms
        endpoints:
          server:
            host: server
            port: 80
            steps:
              - do: listen
          client:
            host: client
            steps:
              - do: connect
                to: server

        """;

    /// <summary>The example of the scenario format, with its injection and expectations.</summary>
    public const string FormatExample =
        """
        name: lost-synack                       # required; also the output folder name
        description: The first SYN-ACK is lost; both 1 s timers fire.
        seed: 7                                 # optional, default 1; all randomness derives from it
        profile: linux                          # linux (default) | rfc9293
        until: 200s                             # optional stop time; default: run until no event is left

        hosts:                                  # name -> address (IPv4, used in pcap and text output)
          client: 10.0.0.1
          server: 10.0.0.2

        links:
          - between: [client, server]           # bidirectional; settings apply to both directions...
            delay: 15us                         # one-way propagation delay
            jitter: 0ms                         # optional: uniform extra delay in [0, jitter]
            loss: 0                             # optional: random loss probability per segment
            duplicate: 0                        # optional: random duplication probability per segment
            bandwidth: 1Gbps                    # optional: serialization delay (bps, Kbps, Mbps, Gbps)
            client>server: { loss: 0.01 }       # ...and per-direction overrides, keyed "<from>><to>"

        faults:                                 # targeted, deterministic; applied in order, first match wins
          - drop:      { from: server, flags: SYN-ACK, nth: 1 }
          - drop:      { from: client, flags: SYN, count: all }           # every SYN
          - delay:     { from: client, flags: SYN, nth: 1, by: 30s }       # hold the first SYN 30 s
          - duplicate: { from: client, flags: SYN, nth: 1, after: 3s }     # deliver it, and a copy 3 s later
          - drop:      { from: client, flags: ACK, nth: 1, after: 2s }     # only segments sent at or after 2 s

        endpoints:                              # one socket each; steps run when their triggers fire
          server:
            host: server
            port: 5000
            tcp: { synack_retries: 5 }          # optional per-endpoint overrides of the profile (see below)
            steps:
              - do: listen                      # passive open; the listener accepts any number of connections
              - on: eof                         # the peer's FIN arrived on an accepted connection
                after: 1s                       # optional delay after the trigger
                do: close
          client:
            host: client
            port: 40000                         # optional; default: an ephemeral port
            steps:
              - at: 0s
                do: connect
                to: server:5000
              - on: established
                do: send
                bytes: 100
              - on: received 100                # once 100 bytes have arrived from the peer
                do: close

        inject:
          - at: 0s
            segment: { from: "client:40001", to: "server:5000", flags: SYN, seq: 4096 }   # host:port; also ack:, len:

        expect:
          - endpoint: client
            states: [SYN-SENT, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT, CLOSED]   # exact order of changes
          - endpoint: client
            connect: ok                          # ok | ECONNREFUSED | ETIMEDOUT | ECONNRESET
            at: 1.02s                            # optional, with
            within: 5ms                          # tolerance
          - endpoint: server
            final: CLOSED                        # state at the end of the run
          - segments:                            # the wire, in order (dir flags; seq/ack optional)
              - client>server [S]
              - server>client [S.] LOST
              - client>server [S]
          - count: { from: client, flags: SYN, equals: 2 }

        """;

    public static LoadResult Parse(string text) => ScenarioLoader.Parse(text, File);

    public static Scenario Valid(string text)
    {
        LoadResult result = Parse(text);
        Assert.True(result.Success, "expected a valid scenario, got:\n" + string.Join("\n", result.Errors));
        return result.Scenario!;
    }

    public static IReadOnlyList<ScenarioError> Errors(string text)
    {
        LoadResult result = Parse(text);
        Assert.False(result.Success, "expected errors, but the scenario is valid");
        Assert.Null(result.Scenario);
        return result.Errors;
    }

    /// <summary>The base scenario with <paramref name="extra"/> appended (its first line is line 19).</summary>
    public static IReadOnlyList<ScenarioError> ErrorsWith(string extra) => Errors(Base + extra);

    /// <summary>Asserts that the text has exactly one error, at the given place, mentioning <paramref name="fragment"/>.</summary>
    public static ScenarioError Single(string text, int line, int column, string fragment)
    {
        IReadOnlyList<ScenarioError> errors = Errors(text);
        Assert.True(errors.Count == 1, $"expected one error, got {errors.Count}:\n" + string.Join("\n", errors));
        return Has(errors, line, column, fragment);
    }

    /// <summary>Asserts that one of the errors is at the given place and mentions <paramref name="fragment"/>.</summary>
    public static ScenarioError Has(IReadOnlyList<ScenarioError> errors, int line, int column, string fragment)
    {
        ScenarioError? match = errors.FirstOrDefault(e => e.Line == line && e.Column == column && e.Message.Contains(fragment, StringComparison.Ordinal));
        Assert.True(match is not null, $"expected an error at {line}:{column} containing \"{fragment}\", got:\n" + string.Join("\n", errors));
        Assert.Equal(File, match!.File);
        return match;
    }
}
