using Simulator.Core.Scenarios;
using Simulator.Core.Tcp;
using Simulator.Core.Time;
using Simulator.Cli.Yaml.Format;

namespace Simulator.Cli.Yaml;

/// <summary>
/// <c>inject:</c> — raw segments put on the wire: <c>{ at, segment: { from: host:port, to: host:port, flags, seq,
/// ack?, len? } }</c>. Flags in tcpdump letters or names (see <see cref="FlagsSyntax"/>); ack and len default to 0.
/// </summary>
internal static class InjectSection
{
    public static List<InjectSpec> Read(DocNode node, ReadContext context) =>
        context.ReadList(node, "inject", " (- at: 0s ...)", item => ReadOne(item, context));

    private static InjectSpec? ReadOne(DocNode item, ReadContext context)
    {
        int mark = context.ErrorMark;
        Fields? f = Fields.Open(item, "injection", ScenarioFormat.Injection.Names, context);
        if (f is null) return null;
        f.Require("at", "when to send it, like 'at: 0s'");
        SimTime at = f.Time("at") ?? SimTime.Zero;
        if (!f.Require("segment", "the segment: { from: host:port, to: host:port, flags: S, seq: 1000 }")) return null;
        Fields? s = Fields.Open(f.Node("segment")!, "injected segment", ScenarioFormat.InjectedSegment.Names, context);
        if (s is null) return null;

        (string Host, ushort Port)? from = Endpoint(s, "from", context);
        (string Host, ushort Port)? to = Endpoint(s, "to", context);
        s.Require("flags", "like 'flags: S' or 'flags: SYN'");
        TcpFlags flags = s.Value<TcpFlags>("flags", FlagsSyntax.TryParse) ?? TcpFlags.None;
        s.Require("seq", "its sequence number, like 'seq: 4096'");
        uint seq = s.Value<uint>("seq", ScalarValues.TryUInt32) ?? 0;
        uint ack = s.Value<uint>("ack", ScalarValues.TryUInt32) ?? 0;
        int len = (int?)s.Integer("len", 0, ushort.MaxValue) ?? 0;

        if (from is (string fromHost, _) && to is (string toHost, _))
        {
            if (fromHost == toHost)
            {
                context.Report(s.Where("to"), $"an injected segment goes from one host to another, but both ends are on '{fromHost}'");
            }
            else if (!context.Symbols.HasLink(fromHost, toHost))
            {
                context.Report(s.Where("to"), $"there is no link between '{fromHost}' and '{toHost}' to carry this segment");
            }
        }
        if (!context.NoErrorsSince(mark) || from is null || to is null) return null;
        return new InjectSpec(at, from.Value.Host, from.Value.Port, to.Value.Host, to.Value.Port, flags, seq, ack, len)
        {
            Where = f.Span,
        };
    }

    private static (string Host, ushort Port)? Endpoint(Fields s, string key, ReadContext context)
    {
        if (!s.Require(key, $"host:port, like '{key}: \"client:40001\"'")) return null;
        return s.Scalar(key) is DocScalar scalar ? References.HostPort(scalar, key, context) : null;
    }
}
