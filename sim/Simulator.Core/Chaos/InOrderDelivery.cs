using Simulator.Core.Tracing;

namespace Simulator.Core.Chaos;

/// <summary>
/// What an endpoint delivers to its application is a prefix of what its peer's application wrote on that
/// connection: the delivered total only grows, never passes what the peer wrote, and comes from the peer's
/// connection only (not from an earlier incarnation of the 4-tuple or any other connection), unless
/// <paramref name="allowOtherConnections"/>: a protocol variant under test lets them through.
/// </summary>
public sealed class InOrderDelivery(bool allowOtherConnections = false) : IInvariant
{
    public string Name => "delivery";

    public string Description => "delivered bytes are a prefix of what the peer wrote on that connection";

    public Violation? Check(Trace trace) =>
        ConnectionLedger.First(trace, ConnectionLedger.Finding.Order, allowOtherConnections) is string m ? new Violation(Name, m) : null;
}

/// <summary>
/// A clean end of stream means everything arrived: when an application sees EOF, it has been delivered every byte
/// its peer's application wrote on that connection (a FIN is in order after the data).
/// </summary>
public sealed class CompleteDelivery(bool allowOtherConnections = false) : IInvariant
{
    public string Name => "complete";

    public string Description => "at a clean end of stream every byte the peer wrote was delivered";

    public Violation? Check(Trace trace) =>
        ConnectionLedger.First(trace, ConnectionLedger.Finding.Complete, allowOtherConnections) is string m ? new Violation(Name, m) : null;
}
