namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>退货退款: approve → buyer ships the return → return signed → refund.</summary>
public sealed class ReturnAndRefundTests
{
    private static RefundDriver Requested(ShopPolicy? policy = null) =>
        RefundDriver.Received(RefundKind.ReturnAndRefund, policy ?? TestPolicies.Manual, 199m, RefundReason.Size);

    [Fact]
    public void The_full_return_path_ends_with_the_refund()
    {
        var refund = Requested();
        Assert.Equal(RefundScenario.ReturnAndRefund, refund.State.Scenario);
        Assert.Equal("WAIT_SELLER_AGREE", refund.State.TaobaoStatus);

        refund.Advance(TimeSpan.FromHours(1)).SellerApproves("Hangzhou return centre");
        Assert.Equal(RefundStatus.WaitingBuyerReturn, refund.State.Status);
        Assert.Equal("Hangzhou return centre", refund.State.ReturnAddress);
        Assert.Equal("WAIT_BUYER_RETURN_GOODS", refund.State.TaobaoStatus);
        Assert.Equal(Actor.Buyer, refund.State.WaitingOn);
        Assert.Equal(refund.Now.AddDays(7), refund.State.Deadlines[DeadlineKind.BuyerShipReturn]);

        refund.Advance(TimeSpan.FromDays(1)).BuyerShipsReturn("YT-777");
        Assert.Equal(RefundStatus.WaitingSellerConfirmGoods, refund.State.Status);
        Assert.Equal("YT-777", refund.State.ReturnTrackingNumber);
        Assert.Equal("WAIT_SELLER_CONFIRM_GOODS", refund.State.TaobaoStatus);
        Assert.Equal(refund.Now.AddDays(10), refund.State.Deadlines[DeadlineKind.SellerConfirmReceipt]);

        refund.Advance(TimeSpan.FromDays(2)).ReturnSigned();
        Assert.Equal(RefundStatus.ReturnSigned, refund.State.Status);
        Assert.Equal(refund.Now.AddHours(48), refund.State.Deadlines[DeadlineKind.RefundAfterReturnSigned]);
        Assert.False(refund.State.Deadlines.ContainsKey(DeadlineKind.SellerConfirmReceipt));

        refund.Advance(TimeSpan.FromHours(5)).SellerApproves();
        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.Equal(199m, refund.State.RefundedAmount);
        Assert.Equal(Actor.Seller, refund.State.EndedBy);
        Assert.Equal([DeadlineKind.AppealWindow], refund.State.Deadlines.Keys);
    }

    [Fact]
    public void The_seller_may_confirm_receipt_before_logistics_signs()
    {
        var refund = Requested().SellerApproves().BuyerShipsReturn().SellerApproves();

        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
    }

    [Fact]
    public void Without_an_address_the_shop_policy_return_address_is_used()
    {
        var refund = Requested(TestPolicies.Manual with { ReturnAddress = "Warehouse 7" }).SellerApproves(null);

        Assert.Equal("Warehouse 7", refund.State.ReturnAddress);
    }

    [Fact]
    public void Approving_twice_is_answered_with_already_decided() =>
        Requested().SellerApproves().Try(new ApproveRefund("x")).ShouldFailWith("refund.already_decided");

    [Fact]
    public void A_non_intact_return_may_be_refused_after_signing_and_approved_later()
    {
        var refund = Requested().ReturnDelivered().SellerRefuses("tags removed");
        Assert.Equal(RefundStatus.SellerRefused, refund.State.Status);
        Assert.Equal(RefundStatus.ReturnSigned, refund.State.StatusBeforeRefusal);

        refund.SellerApproves();

        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.Equal(199m, refund.State.RefundedAmount);
    }

    [Fact]
    public void Returning_before_approval_is_illegal() =>
        Requested().Try(new ShipReturn("YT-1")).ShouldFailWith("refund.illegal_transition");

    [Fact]
    public void Signing_before_the_return_was_shipped_is_illegal() =>
        Requested().SellerApproves().Try(new SignReturn()).ShouldFailWith("refund.illegal_transition");

    [Fact]
    public void A_return_needs_a_tracking_number() =>
        Requested().SellerApproves().Try(new ShipReturn(" ")).ShouldFailWith("refund.tracking_required");

    [Fact]
    public void The_orders_own_outbound_tracking_number_is_no_return_parcel()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 60m).SellerApproves();

        refund.Try(new ShipReturn(" sf-1001 ")).ShouldFailWith("refund.return_tracking_is_outbound"); // 不当获取运费险 (seed 002)
        Assert.Equal(RefundStatus.WaitingBuyerReturn, refund.State.Status);
        refund.BuyerShipsReturn("YT-RETURN-1");
        Assert.Equal(RefundStatus.WaitingSellerConfirmGoods, refund.State.Status);
    }
}
