namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>Who pays the return postage: the seller for its fault, else the buyer, whose part 运费险 pays.</summary>
public sealed class ReturnPostageTests
{
    [Theory]
    [InlineData(RefundKind.ReturnAndRefund, RefundReason.QualityDefect, false, PostagePayer.Seller)]
    [InlineData(RefundKind.ReturnAndRefund, RefundReason.WrongItem, true, PostagePayer.Seller)]
    [InlineData(RefundKind.ReturnAndRefund, RefundReason.SevenDayNoReason, false, PostagePayer.Buyer)]
    [InlineData(RefundKind.ReturnAndRefund, RefundReason.Size, true, PostagePayer.Insurer)]
    [InlineData(RefundKind.Exchange, RefundReason.Size, false, PostagePayer.Buyer)]
    [InlineData(RefundKind.RefundOnly, RefundReason.QualityDefect, false, PostagePayer.None)]
    [InlineData(RefundKind.Reship, RefundReason.MissingItems, false, PostagePayer.None)]
    public void The_reason_and_the_freight_insurance_decide_who_pays(RefundKind kind, RefundReason reason, bool insured, PostagePayer payer)
    {
        var order = OrderDriver.Received(1000m, new OrderFlags(FreightInsurance: insured), TestPolicies.Manual);
        var amount = RefundKinds.MovesMoney(kind) ? 50m : 0m;

        Assert.Equal(payer, RefundDriver.Request(order, kind, reason, amount).State.ReturnPostagePayer);
    }

    [Fact]
    public void Changing_the_reason_to_a_no_fault_one_moves_the_postage_to_the_buyer()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 50m, RefundReason.QualityDefect);
        Assert.Equal(PostagePayer.Seller, refund.State.ReturnPostagePayer);

        refund.Do(new ModifyRefund(null, RefundReason.Disliked));

        Assert.Equal(PostagePayer.Buyer, refund.State.ReturnPostagePayer);
        Assert.Equal(RefundReason.QualityDefect, refund.State.FirstReason); // 首次品退率 still counts the first reason
    }
}
