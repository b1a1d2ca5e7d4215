using System.Globalization;
using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Yaml;

/// <summary>
/// <c>endpoints:</c> — name → one socket: <c>host</c>, optional <c>port</c>, optional <c>tcp</c> overrides, and
/// <c>steps</c>. Each endpoint has exactly one <c>listen</c> or <c>connect</c> step; a listener needs a port.
/// </summary>
internal static class EndpointsSection
{
    /// <summary>An endpoint read so far; <see cref="Valid"/> is false when it had errors.</summary>
    private sealed record Pending(EndpointSpec Spec, DocScalar Name, List<StepReader.ReadStep> Steps, bool Valid);

    public static List<EndpointSpec> Read(DocNode node, ReadContext context)
    {
        if (node is not DocMapping mapping)
        {
            context.Report(node, $"'endpoints' must be a mapping of endpoint name to its settings, not {node.KindName}");
            return [];
        }
        List<Pending> pending = [];
        Dictionary<(string, ushort), DocScalar> bound = [];
        foreach (DocEntry entry in mapping.Entries)
        {
            if (ReadEndpoint(entry, context) is not Pending p) continue;
            pending.Add(p);
            if (p.Spec.Port is ushort port && !bound.TryAdd((p.Spec.Host, port), p.Name))
            {
                DocScalar first = bound[(p.Spec.Host, port)];
                context.Report(p.Name, string.Create(CultureInfo.InvariantCulture,
                    $"endpoint '{p.Spec.Name}' uses {p.Spec.Host}:{port}, which endpoint '{first.Value}' (line {first.Start.Line}) already uses"));
            }
        }

        List<EndpointSpec> endpoints = [];
        foreach (Pending p in pending)
        {
            int mark = context.ErrorMark;
            List<AppStep> steps = [.. p.Steps.Select(s => s.Target is null ? s.Step : ResolveConnect(p.Spec, s, context))];
            if (p.Valid && context.NoErrorsSince(mark)) endpoints.Add(p.Spec with { Steps = steps });
        }
        return endpoints;
    }

    private static Pending? ReadEndpoint(DocEntry entry, ReadContext context)
    {
        string name = entry.Key.Value;
        int mark = context.ErrorMark;
        if (Names.CheckName(name, "endpoint") is string problem) context.Report(entry.Key, problem);
        string what = $"endpoint '{name}'";
        Fields? f = Fields.Open(entry.Value, what, ScenarioFormat.Endpoint.Names, context);
        if (f is null) return null;

        f.Require("host", "the host it runs on, like 'host: client'");
        string? host = f.Scalar("host") is DocScalar h ? References.Host(h, "host", context) : null;
        ushort? port = f.Value<ushort>("port", ScalarValues.TryPort);
        TcpOverrides? tcp = f.Node("tcp") is DocNode tcpNode ? TcpOverridesReader.Read(tcpNode, name, context) : null;

        List<StepReader.ReadStep> steps = [];
        if (f.Require("steps", "what it does, like '- do: listen'") && f.Sequence("steps") is DocSequence list)
        {
            if (list.Items.Count == 0) context.Report(list, $"{what} has no steps");
            for (int i = 0; i < list.Items.Count; i++)
            {
                string stepWhat = string.Create(CultureInfo.InvariantCulture, $"step {i + 1} of {what}");
                if (StepReader.Read(list.Items[i], stepWhat, context) is StepReader.ReadStep step) steps.Add(step);
            }
        }
        bool listens = steps.Any(s => s.Step.Action.Kind == AppActionKind.Listen);
        bool connects = steps.Any(s => s.Step.Action.Kind == AppActionKind.Connect);
        bool complete = context.NoErrorsSince(mark) && host is not null;
        context.Symbols.Endpoints.TryAdd(name, new EndpointSymbol(name, host, port, listens, connects, complete));
        if (host is null) return null;

        var spec = new EndpointSpec(name, host, port, tcp, [.. steps.Select(s => s.Step)]) { Where = context.Span(entry.Key) };
        bool valid = complete && CheckRole(spec, f, context);
        return new Pending(spec, entry.Key, steps, valid);
    }

    /// <summary>One <c>listen</c> or one <c>connect</c>; a listener has a port; <c>on: accepted</c> only on a listener.</summary>
    private static bool CheckRole(EndpointSpec spec, Fields f, ReadContext context)
    {
        int mark = context.ErrorMark;
        var opens = spec.Steps.Where(s => s.Action.Kind is AppActionKind.Listen or AppActionKind.Connect).ToList();
        if (opens.Count == 0)
        {
            context.Report(f.Where("steps"), $"endpoint '{spec.Name}' needs a 'do: listen' or a 'do: connect' step");
        }
        // A connecting endpoint may connect again from its port once its connection is over (a host that
        // restarted, half-open discovery); a listener listens once and never connects.
        bool firstListens = opens.Count > 0 && opens[0].Action.Kind == AppActionKind.Listen;
        foreach (AppStep extra in opens.Skip(1).Where(s => firstListens || s.Action.Kind == AppActionKind.Listen))
        {
            context.Report(ToPosition(extra.Where), $"endpoint '{spec.Name}' already has a '{opens[0].Action.Kind.ToString().ToLowerInvariant()}' step; a listener listens once and does not connect, so define another endpoint for another socket");
        }
        bool listens = opens.Count > 0 && opens[0].Action.Kind == AppActionKind.Listen;
        if (listens && spec.Port is null)
        {
            context.Report(f.Start, $"endpoint '{spec.Name}' listens, so it needs a 'port'");
        }
        if (!listens)
        {
            foreach (AppStep step in spec.Steps.Where(s => s.Trigger is OnTrigger { Event: AppEventKind.Accepted }))
            {
                context.Report(ToPosition(step.Where), $"'on: accepted' is only for a listening endpoint, and '{spec.Name}' does not listen");
            }
        }
        return context.NoErrorsSince(mark);
    }

    /// <summary>
    /// <c>to:</c> of a connect: an endpoint name (that has a port), <c>endpoint:port</c> or <c>host:port</c>; the
    /// target host must be another host linked to this one. An <c>endpoint:port</c> target becomes <c>host:port</c>.
    /// </summary>
    private static AppStep ResolveConnect(EndpointSpec self, StepReader.ReadStep read, ReadContext context)
    {
        DocScalar to = read.Target!;
        string text = to.Value.Trim();
        var symbols = context.Symbols;
        string targetHost;
        string target = text;
        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            if (!symbols.Endpoints.TryGetValue(text, out EndpointSymbol? ep))
            {
                string hint = symbols.IsHost(text)
                    ? $"; '{text}' is a host: write '{text}:<port>'"
                    : $"{DidYouMean.Hint(text, symbols.Endpoints.Keys)}; endpoints: {References.List(symbols.Endpoints.Keys)}";
                context.Report(to, $"'to': unknown endpoint '{text}'{hint}");
                return read.Step;
            }
            if (!ep.Complete || ep.Host is null) return read.Step;
            if (ep.Port is null)
            {
                context.Report(to, $"'to': endpoint '{text}' has no fixed port; give it a 'port' or connect to host:port");
                return read.Step;
            }
            if (ep.Name == self.Name)
            {
                context.Report(to, $"endpoint '{self.Name}' cannot connect to itself");
                return read.Step;
            }
            targetHost = ep.Host;
        }
        else
        {
            string prefix = text[..colon];
            if (!ScalarValues.TryPort(text[(colon + 1)..], out ushort port, out string error))
            {
                context.Report(to.PositionOf(colon + 1), $"'to': {error}");
                return read.Step;
            }
            if (symbols.IsHost(prefix))
            {
                targetHost = prefix;
            }
            else if (symbols.Endpoints.TryGetValue(prefix, out EndpointSymbol? ep))
            {
                if (!ep.Complete || ep.Host is null) return read.Step;
                if (ep.Port is ushort fixedPort && fixedPort != port)
                {
                    context.Report(to, string.Create(CultureInfo.InvariantCulture,
                        $"'to': endpoint '{prefix}' is on port {fixedPort}, not {port}; to reach another port of its host write '{ep.Host}:{port}'"));
                    return read.Step;
                }
                targetHost = ep.Host;
                target = string.Create(CultureInfo.InvariantCulture, $"{ep.Host}:{port}");
            }
            else
            {
                string[] names = [.. symbols.HostNames, .. symbols.Endpoints.Keys];
                context.Report(to, $"'to': '{prefix}' is neither a host nor an endpoint{DidYouMean.Hint(prefix, names)}; hosts: {References.List(symbols.HostNames)}");
                return read.Step;
            }
        }
        if (targetHost == self.Host)
        {
            context.Report(to, $"'to': endpoint '{self.Name}' would connect within host '{targetHost}'; put the endpoints on different hosts joined by a link");
        }
        else if (!symbols.HasLink(self.Host, targetHost))
        {
            context.Report(to, $"'to': there is no link between '{self.Host}' and '{targetHost}'");
        }
        return read.Step with { Action = read.Step.Action with { Target = target } };
    }

    private static TextPosition ToPosition(SourceSpan span) => new(span.Line, span.Column);
}
