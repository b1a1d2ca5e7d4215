using Simulator.Core.Tcp;

namespace Simulator.Core.Tests.Tcp;

/// <summary>The receiver's SACK blocks as Linux keeps them (tcp_sack_new_ofo_skb, tcp_sack_remove, tcp_dsack_set).</summary>
public sealed class ReceiverSackTests
{
    private static SeqNum S(uint v) => new(v);

    private static string Sent(ReceiverSack sack, int room = 3) => sack.Take(room).ToString();

    [Fact]
    public void NewBlock_GoesFirst_AndTheOldestIsForgottenBeyondFour()
    {
        var sack = new ReceiverSack();
        for (uint i = 0; i < 5; i++) sack.OnOutOfOrder(S(100 + 100 * i), S(150 + 100 * i));
        Assert.Equal(ReceiverSack.MaxBlocks, sack.Count);
        Assert.Equal("500-550 400-450 300-350 200-250", sack.Take(4).ToString());
        Assert.Equal("500-550 400-450 300-350", Sent(sack));             // three beside timestamps
    }

    [Fact]
    public void ExtendedBlock_MovesToTheFront_AndSwallowsTheBlocksItNowReaches()
    {
        var sack = new ReceiverSack();
        sack.OnOutOfOrder(S(100), S(200));
        sack.OnOutOfOrder(S(300), S(400));
        sack.OnOutOfOrder(S(500), S(600));
        sack.OnOutOfOrder(S(200), S(250));                                // touches 100-200: that block moves first
        Assert.Equal("100-250 500-600 300-400", Sent(sack));
        sack.OnOutOfOrder(S(250), S(300));                                // bridges 100-250 and 300-400
        Assert.Equal("100-400 500-600", Sent(sack));
    }

    [Fact]
    public void Remove_DropsTheBlocksRcvNxtReached_AndAllOnceNothingIsOutOfOrder()
    {
        var sack = new ReceiverSack();
        sack.OnOutOfOrder(S(300), S(400));
        sack.OnOutOfOrder(S(100), S(200));
        sack.Remove(S(200), outOfOrderEmpty: false);
        Assert.Equal("300-400", Sent(sack));
        sack.Remove(S(400), outOfOrderEmpty: true);
        Assert.False(sack.Any);
        Assert.Equal(SackBlocks.None, sack.Take(3));
    }

    [Fact]
    public void Dsack_GoesFirst_Once_AndExtendsWhileUnsent()
    {
        var sack = new ReceiverSack();
        sack.OnOutOfOrder(S(300), S(400));
        sack.SetDsack(S(100), S(150));
        sack.ExtendDsack(S(150), S(200));
        Assert.Equal("100-200 300-400", Sent(sack));
        Assert.Equal("300-400", Sent(sack));                          // the D-SACK is reported once
        sack.ExtendDsack(S(10), S(20));                                   // none pending: a new one
        Assert.Equal("10-20 300-400", Sent(sack));
    }

    [Fact]
    public void Dsack_TakesARoomSlot_FromTheOldestBlock()
    {
        var sack = new ReceiverSack();
        for (uint i = 0; i < 3; i++) sack.OnOutOfOrder(S(100 + 100 * i), S(150 + 100 * i));
        sack.SetDsack(S(10), S(20));
        Assert.Equal("10-20 300-350 200-250", Sent(sack));
    }

    [Fact]
    public void Reset_ForgetsBlocksAndDsack()
    {
        var sack = new ReceiverSack();
        sack.OnOutOfOrder(S(300), S(400));
        sack.SetDsack(S(10), S(20));
        sack.Reset();
        Assert.False(sack.Any);
    }
}
