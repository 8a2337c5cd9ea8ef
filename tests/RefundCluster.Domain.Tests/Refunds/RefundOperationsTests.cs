namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>What may be done to a refund now (asked of the state machine itself), and the refund in TOP's terms.</summary>
public sealed class RefundOperationsTests
{
    private static IReadOnlyList<string> Allowed(RefundDriver refund) =>
        RefundOperations.Allowed(refund.State, refund.Order.Snapshot(), refund.Now, refund.Policy);

    [Fact]
    public void A_request_waiting_for_the_seller_can_be_answered_negotiated_changed_or_withdrawn()
    {
        var refund = RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 50m);

        Assert.Equal(["approve", "refuse", "cancel", "modify", "make_offer"], Allowed(refund));
        Assert.Null(RefundOperations.Constraint(refund.State, refund.Order.Snapshot(), refund.Now, refund.Policy));
    }

    [Fact]
    public void An_in_transit_refund_of_normal_goods_cannot_be_refused()
    {
        var refund = RefundDriver.InTransit(80m, TestPolicies.Manual);

        Assert.DoesNotContain("refuse", Allowed(refund));
        Assert.Contains("request_interception", Allowed(refund));
        Assert.Equal("cannot_refuse", RefundOperations.Constraint(refund.State, refund.Order.Snapshot(), refund.Now, refund.Policy));
    }

    [Fact]
    public void An_approved_return_waits_for_the_buyer_to_ship_it()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 50m).SellerApproves();

        Assert.Contains("ship_return", Allowed(refund));
        Assert.DoesNotContain("approve", Allowed(refund));
    }

    [Fact]
    public void An_ended_refund_can_only_be_appealed_within_its_window()
    {
        var refund = RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 50m).SellerApproves();

        Assert.Equal(["file_appeal"], Allowed(refund));
        Assert.Empty(Allowed(refund.Advance(TimeSpan.FromDays(31))));
    }

    [Fact]
    public void The_refund_speaks_tops_field_values()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 50m);
        Assert.Equal(("BUYER_RECEIVED", true, "onsale", 1), (refund.State.TaobaoGoodStatus, refund.State.HasGoodReturn, refund.State.TaobaoRefundPhase, refund.State.TaobaoCsStatus));

        refund.SellerApproves().BuyerShipsReturn();
        Assert.Equal("BUYER_RETURNED_GOODS", refund.State.TaobaoGoodStatus);

        var disputed = RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 50m).BuyerEscalates();
        Assert.Equal(2, disputed.State.TaobaoCsStatus);
        Assert.Equal(3, disputed.Do(new StartIntervention()).State.TaobaoCsStatus);
        Assert.Equal(6, disputed.Do(new Judge(JudgmentWinner.Seller, false, null)).State.TaobaoCsStatus);

        Assert.Equal("BUYER_NOT_RECEIVED", RefundDriver.NotShipped(500m, TestPolicies.Manual).State.TaobaoGoodStatus);
    }
}
