using System.Globalization;
using Simulator.Core.Scenarios;
using Simulator.Core.Time;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Yaml;

/// <summary>One application step: <c>do:</c> an action, when a trigger (<c>at:</c> or <c>on:</c>, plus <c>after:</c>) fires.</summary>
internal static class StepReader
{
    public static readonly IReadOnlyList<string> ActionNames = ["listen", "connect", "send", "close", "shutdown", "abort"];
    public const string ReceivedEvent = "received";
    public static readonly IReadOnlyList<string> EventNames = ["established", "accepted", "eof", "closed", "failed", ReceivedEvent];

    /// <summary>
    /// A step as read, with the node of its connect target (checked once every endpoint is known).
    /// <see cref="Valid"/> is false when the step had errors; its action is still known.
    /// </summary>
    public sealed record ReadStep(AppStep Step, DocScalar? Target, bool Valid);

    public static ReadStep? Read(DocNode node, string what, ReadContext context)
    {
        int mark = context.ErrorMark;
        Fields? f = Fields.Open(node, what, ScenarioFormat.Step.Names, context);
        if (f is null) return null;
        AppActionKind? kind = ReadAction(f, context);
        Trigger trigger = ReadTrigger(f, context);
        SimDuration after = f.Duration("after") ?? SimDuration.Zero;

        DocScalar? target = null;
        long bytes = 0;
        if (kind == AppActionKind.Connect)
        {
            f.Require("to", "what to connect to: an endpoint name, or host:port");
            target = f.Scalar("to");
        }
        else if (f.KeyNode("to") is DocScalar to && kind is not null)
        {
            context.Report(to, "'to' is only used with 'do: connect'");
        }
        if (kind == AppActionKind.Send)
        {
            f.Require("bytes", "how many bytes to send, like 'bytes: 100'");
            bytes = f.Value<long>("bytes", ScalarValues.TryByteCount) ?? 0;
        }
        else if (f.KeyNode("bytes") is DocScalar b && kind is not null)
        {
            context.Report(b, "'bytes' is only used with 'do: send'");
        }
        if (kind is not AppActionKind k) return null;
        var step = new AppStep(trigger, after, new AppAction(k, target?.Value.Trim(), bytes)) { Where = f.Span };
        return new ReadStep(step, target, context.NoErrorsSince(mark));
    }

    private static AppActionKind? ReadAction(Fields f, ReadContext context)
    {
        if (!f.Require("do", $"the action: {string.Join(", ", ActionNames)}")) return null;
        if (f.Scalar("do") is not DocScalar scalar) return null;
        string name = scalar.Value.Trim();
        AppActionKind? kind = name switch
        {
            "listen" => AppActionKind.Listen,
            "connect" => AppActionKind.Connect,
            "send" => AppActionKind.Send,
            "close" => AppActionKind.Close,
            "shutdown" => AppActionKind.Shutdown,
            "abort" => AppActionKind.Abort,
            _ => null,
        };
        if (kind is null)
        {
            context.Report(scalar, $"unknown action '{name}'{DidYouMean.Hint(name, ActionNames)}; allowed: {string.Join(", ", ActionNames)}");
        }
        return kind;
    }

    private static Trigger ReadTrigger(Fields f, ReadContext context)
    {
        if (f.Has("at") && f.Has("on"))
        {
            context.Report(f.Where("on"), "a step runs 'at' a time or 'on' an event, not both (use 'after' to wait after an event)");
        }
        if (f.Has("on")) return (Trigger?)ReadOn(f, context) ?? new AtTrigger(SimTime.Zero);
        return new AtTrigger(f.Time("at") ?? SimTime.Zero);
    }

    private static OnTrigger? ReadOn(Fields f, ReadContext context)
    {
        if (f.Scalar("on") is not DocScalar scalar) return null;
        string[] words = scalar.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string name = words.Length > 0 ? words[0] : "";
        AppEventKind? kind = name switch
        {
            "established" => AppEventKind.Established,
            "accepted" => AppEventKind.Accepted,
            "eof" => AppEventKind.Eof,
            "closed" => AppEventKind.Closed,
            "failed" => AppEventKind.Failed,
            "received" => AppEventKind.Received,
            _ => null,
        };
        if (kind is null)
        {
            context.Report(scalar, $"unknown event '{name}'{DidYouMean.Hint(name, EventNames)}; allowed: {string.Join(", ", EventNames.Select(e => e == ReceivedEvent ? $"{e} <bytes>" : e))}");
            return null;
        }
        if (kind == AppEventKind.Received)
        {
            if (words.Length != 2 || !ScalarValues.Integer(1, long.MaxValue)(words[1], out long bytes, out _))
            {
                context.Report(scalar, "'received' needs a byte count of 1 or more: 'on: received 100'");
                return null;
            }
            return new OnTrigger(AppEventKind.Received, bytes);
        }
        if (words.Length != 1)
        {
            context.Report(scalar, string.Create(CultureInfo.InvariantCulture, $"'on: {name}' takes nothing after the event name"));
            return null;
        }
        return new OnTrigger(kind.Value);
    }
}
