using System.Globalization;
using Simulator.Core.Network;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Yaml;

/// <summary>
/// <c>expect:</c> — claims about the run, one per list item: <c>{endpoint, states}</c>, <c>{endpoint, connect, at?,
/// within?}</c>, <c>{endpoint, final}</c>, <c>{segments}</c> or <c>{count: {from, to?, flags?, equals}}</c>.
/// An endpoint is a scenario endpoint or an accepted connection <c>listener#n</c> (n from 1).
/// </summary>
internal static class ExpectSection
{
    public static readonly IReadOnlyList<string> ConnectResults = ["ok", "ECONNREFUSED", "ETIMEDOUT", "ECONNRESET", "EADDRNOTAVAIL", "EADDRINUSE"];
    /// <summary>Results of the first <c>read</c> or <c>send</c> call of an endpoint.</summary>
    public static readonly IReadOnlyList<string> CallResults = ["ok", "EOF", "ECONNRESET", "EPIPE", "ETIMEDOUT"];

    private static readonly string[] EndpointClaims = ["states", "connect", "final", "read", "send"];

    public static List<Expectation> Read(DocNode node, ReadContext context) =>
        context.ReadList(node, "expect", " of claims (- endpoint: client ...)", item => ReadOne(item, context));

    private static Expectation? ReadOne(DocNode item, ReadContext context)
    {
        int mark = context.ErrorMark;
        Fields? f = Fields.Open(item, "expectation", ScenarioFormat.Expectation.Names, context);
        if (f is null) return null;
        string[] claims = [.. f.Mapping.Entries.Select(e => e.Key.Value).Where(ScenarioFormat.Claims.Contains)];
        if (claims.Length == 0)
        {
            if (context.NoErrorsSince(mark))
            {
                context.Report(f.Start, "an expectation needs one of: states, connect, final, read, send (each with 'endpoint'), segments, count, stale_bytes, invariant");
            }
            return null;
        }
        if (claims.Length > 1)
        {
            context.Report(f.Where(claims[1]), $"one claim per list item, but this one has '{claims[0]}' and '{claims[1]}'; start a new item with '-'");
            return null;
        }
        string claim = claims[0];
        CheckCompanions(f, claim, context);
        string? endpoint = EndpointClaims.Contains(claim) ? ReadEndpoint(f, claim, context) : null;
        Expectation? result = claim switch
        {
            "states" => ReadStates(f, endpoint, context),
            "connect" => ReadConnect(f, endpoint, context),
            "final" => f.Scalar("final") is DocScalar s && ReadState(s, "final", context) is TcpState st && endpoint is not null
                ? new FinalStateExpectation(endpoint, st) : null,
            "read" or "send" => f.Scalar(claim) is DocScalar s && ReadCallResult(s, claim, context) is string r && endpoint is not null
                ? new CallResultExpectation(endpoint, claim, r) : null,
            "segments" => ReadSegments(f, context),
            "stale_bytes" => ReadStale(f.Node("stale_bytes")!, context),
            "invariant" => ReadInvariant(f, context),
            _ => ReadCount(f.Node("count")!, context),
        };
        return result is not null && context.NoErrorsSince(mark) ? result with { Where = f.Span } : null;
    }

    private static void CheckCompanions(Fields f, string claim, ReadContext context)
    {
        bool needsEndpoint = EndpointClaims.Contains(claim);
        if (needsEndpoint) f.Require("endpoint", $"whose '{claim}' this is, like 'endpoint: client'");
        else if (f.Has("endpoint")) context.Report(f.Where("endpoint"), $"'{claim}' is about the whole run and takes no 'endpoint'");
        foreach (string key in new[] { "at", "within" }.Where(k => f.Has(k) && claim != "connect"))
        {
            context.Report(f.Where(key), $"'{key}' is only used with 'connect'");
        }
    }

    private static string? ReadEndpoint(Fields f, string claim, ReadContext context)
    {
        if (f.Scalar("endpoint") is not DocScalar scalar) return null;
        string name = scalar.Value.Trim();
        var endpoints = context.Symbols.Endpoints;
        int hash = name.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            if (endpoints.ContainsKey(name)) return name;
            context.Report(scalar, $"unknown endpoint '{name}'{DidYouMean.Hint(name, endpoints.Keys)}; endpoints: {References.List(endpoints.Keys)} (accepted connections: <listener>#1, #2, ...)");
            return null;
        }
        string listener = name[..hash];
        if (!endpoints.TryGetValue(listener, out EndpointSymbol? symbol) || (!symbol.Listens && symbol.Complete))
        {
            string[] listeners = [.. endpoints.Values.Where(e => e.Listens).Select(e => e.Name)];
            context.Report(scalar, $"'{name}': '{listener}' is not a listening endpoint{DidYouMean.Hint(listener, listeners)}; listeners: {References.List(listeners)}");
            return null;
        }
        if (!ScalarValues.Integer(1, int.MaxValue)(name[(hash + 1)..], out _, out _))
        {
            context.Report(scalar.PositionOf(hash + 1), $"'{name}': accepted connections are numbered from 1, like '{listener}#1'");
            return null;
        }
        if (claim == "connect")
        {
            context.Report(scalar, $"'{name}' is an accepted connection; only an endpoint that connects has a 'connect' result");
            return null;
        }
        return name;
    }

    private static StatesExpectation? ReadStates(Fields f, string? endpoint, ReadContext context)
    {
        if (f.Sequence("states") is not DocSequence list) return null;
        if (list.Items.Count == 0)
        {
            context.Report(list, "'states' must list at least one state");
            return null;
        }
        List<TcpState> states = [];
        foreach (DocNode node in list.Items)
        {
            if (context.Scalar(node, "states") is DocScalar s && ReadState(s, "states", context) is TcpState state) states.Add(state);
        }
        return endpoint is null ? null : new StatesExpectation(endpoint, states);
    }

    private static TcpState? ReadState(DocScalar scalar, string key, ReadContext context)
    {
        if (TcpStateNames.TryParse(scalar.Value, out TcpState state)) return state;
        context.Report(scalar, $"'{key}': unknown state '{scalar.Value}'{DidYouMean.Hint(scalar.Value, TcpStateNames.All)}; states: {string.Join(", ", TcpStateNames.All)}");
        return null;
    }

    private static string? ReadCallResult(DocScalar scalar, string claim, ReadContext context)
    {
        string text = scalar.Value.Trim();
        string? result = CallResults.FirstOrDefault(r => string.Equals(r, text, StringComparison.OrdinalIgnoreCase));
        if (result is null)
        {
            context.Report(scalar, $"'{claim}': unknown result '{text}'{DidYouMean.Hint(text, CallResults)}; allowed: {string.Join(", ", CallResults)}");
        }
        return result;
    }

    private static ConnectExpectation? ReadConnect(Fields f, string? endpoint, ReadContext context)
    {
        string? result = null;
        if (f.Scalar("connect") is DocScalar scalar)
        {
            string text = scalar.Value.Trim();
            result = ConnectResults.FirstOrDefault(r => string.Equals(r, text, StringComparison.OrdinalIgnoreCase));
            if (result is null)
            {
                context.Report(scalar, $"'connect': unknown result '{text}'{DidYouMean.Hint(text, ConnectResults)}; allowed: {string.Join(", ", ConnectResults)}");
            }
        }
        if (endpoint is not null && context.Symbols.Endpoints.TryGetValue(endpoint, out EndpointSymbol? symbol) && !symbol.Connects && symbol.Complete)
        {
            context.Report(f.Where("endpoint"), $"endpoint '{endpoint}' has no 'connect' step, so it has no connect result");
        }
        SimTime? at = f.Time("at");
        SimDuration? within = f.Duration("within");
        if (f.Has("within") && !f.Has("at"))
        {
            context.Report(f.Where("within"), "'within' is the tolerance of 'at'; give 'at' too");
        }
        return result is null || endpoint is null ? null : new ConnectExpectation(endpoint, result, at, within);
    }

    private static SegmentsExpectation? ReadSegments(Fields f, ReadContext context)
    {
        if (f.Sequence("segments") is not DocSequence list) return null;
        if (list.Items.Count == 0)
        {
            context.Report(list, "'segments' must list at least one segment");
            return null;
        }
        List<SegmentPattern> patterns = [];
        foreach (DocNode node in list.Items)
        {
            if (context.Scalar(node, "segments") is DocScalar s && SegmentPatternParser.Parse(s, context) is SegmentPattern p)
            {
                patterns.Add(p);
            }
        }
        return new SegmentsExpectation(patterns);
    }

    /// <summary><c>stale_bytes: { endpoint: server#2, equals: 100 }</c>.</summary>
    private static StaleBytesExpectation? ReadStale(DocNode node, ReadContext context)
    {
        Fields? f = Fields.Open(node, "'stale_bytes'", ScenarioFormat.StaleBytes.Names, context);
        if (f is null) return null;
        f.Require("endpoint", "whose received bytes are counted, like 'endpoint: server#2'");
        f.Require("equals", "the expected number of stale bytes, like 'equals: 100'");
        string? endpoint = ReadEndpoint(f, "stale_bytes", context);
        long? equals = f.Integer("equals", 0, long.MaxValue);
        return endpoint is null || equals is null ? null : new StaleBytesExpectation(endpoint, equals.Value);
    }

    private static InvariantExpectation? ReadInvariant(Fields f, ReadContext context)
    {
        if (f.Scalar("invariant") is not DocScalar scalar) return null;
        string name = scalar.Value.Trim();
        IReadOnlyList<string> allowed = ScenarioFormat.InvariantNames;
        if (allowed.Contains(name)) return new InvariantExpectation(name);
        context.Report(scalar, $"'invariant': unknown invariant '{name}'{DidYouMean.Hint(name, allowed)}; allowed: {string.Join(", ", allowed)}");
        return null;
    }

    private static CountExpectation? ReadCount(DocNode node, ReadContext context)
    {
        Fields? f = Fields.Open(node, "'count'", ScenarioFormat.Count.Names, context);
        if (f is null) return null;
        f.Require("from", "the sending host");
        string? from = f.Scalar("from") is DocScalar fs ? References.Host(fs, "from", context) : null;
        string? to = f.Scalar("to") is DocScalar ts ? References.Host(ts, "to", context) : null;
        SegmentKind kind = SegmentKind.Any;
        if (f.Scalar("flags") is DocScalar flags && !SegmentKinds.TryParse(flags.Value, out kind))
        {
            context.Report(flags, $"'flags': unknown segment class '{flags.Value}'{DidYouMean.Hint(flags.Value, SegmentKinds.ScenarioNames)}; allowed: {string.Join(", ", SegmentKinds.ScenarioNames)}");
        }
        f.Require("equals", "the expected number of segments, like 'equals: 2'");
        long? equals = f.Integer("equals", 0, long.MaxValue);
        if (from is not null && to == from)
        {
            context.Report(f.Where("to"), string.Create(CultureInfo.InvariantCulture, $"'from' and 'to' are both '{from}'"));
        }
        return from is null || equals is null ? null : new CountExpectation(from, to, kind, equals.Value);
    }
}
