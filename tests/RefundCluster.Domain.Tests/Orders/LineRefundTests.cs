namespace RefundCluster.Domain.Tests.Orders;

/// <summary>
/// Line-level refunds (TOP sub-orders, <c>oid</c>): each line's share of the paid money caps its refunds, several
/// refunds may share a line while money remains, 指定商品自动退 looks at the refund's own line, and exchange or reship
/// needs a line that is not fully refunded.
/// </summary>
public sealed class LineRefundTests
{
    private static readonly DateTimeOffset Now = Clock.Start;

    /// <summary>Two lines listed at 60 and 40 yuan, 90 paid after a discount: shares 54 and 36.</summary>
    private static OrderAggregate TwoLines(ShopPolicy? policy = null, bool delivered = false)
    {
        var pay = new PayOrder("o-1", "shop-1", "buyer-1", [new OrderLine("SKU-A", 2, 30m), new OrderLine("SKU-B", 1, 40m, "oid-b")], 90m, OrderFlags.None);
        var order = Fold(null, OrderAggregateMachine.Decide(null, pay, Now, policy ?? TestPolicies.Manual));
        if (!delivered)
        {
            return order;
        }

        order = Fold(order, OrderAggregateMachine.Decide(order, new ShipOrder("SF-1"), Now, TestPolicies.Manual));
        return Fold(order, OrderAggregateMachine.Decide(order, new DeliverOrder(), Now, TestPolicies.Manual));
    }

    private static Decision<DomainEvent> Request(OrderAggregate order, string refundId, decimal amount, string? line, ShopPolicy? policy = null,
        RefundKind kind = RefundKind.RefundOnly, RefundReason reason = RefundReason.ChangedMind, int? quantity = null) =>
        OrderAggregateMachine.Decide(order, refundId, new RequestRefund(refundId, kind, reason, amount, Actor.Buyer, line, quantity), Now, policy ?? TestPolicies.Manual);

    [Fact]
    public void Lines_get_ids_and_a_share_of_the_paid_money_in_proportion_to_their_list_price()
    {
        var order = TwoLines();

        Assert.Equal(["1", "oid-b"], order.Order.Lines.Select(l => l.LineId));
        Assert.Equal(54m, order.Order.LinePaid["1"]);
        Assert.Equal(36m, order.Order.LinePaid["oid-b"]);
    }

    [Fact]
    public void Shares_add_up_to_the_paid_amount_to_the_cent()
    {
        var shares = LineMoney.Allocate([.. LineMoney.WithIds([new OrderLine("A", 1, 1m), new OrderLine("B", 1, 1m), new OrderLine("C", 1, 1m)])], 100m);

        Assert.Equal([33.33m, 33.33m, 33.34m], shares.OrderBy(s => s.Key).Select(s => s.Value));
    }

    [Fact]
    public void A_line_refund_is_capped_by_its_lines_share()
    {
        var order = TwoLines();

        Request(order, "a", 54.01m, "1").ShouldFailWith("refund.amount_exceeds_refundable");
        var after = Fold(order, Request(order, "a", 54m, "1"));

        Assert.Equal("1", after.Refund("a")!.LineId);
        Assert.Equal(2, after.Refund("a")!.Quantity);
        Assert.Equal(54m, after.Order.LineTaken("1"));
    }

    [Fact]
    public void Several_refunds_share_a_line_while_its_money_lasts()
    {
        var order = TwoLines();
        order = Fold(order, Request(order, "a", 30m, "1", quantity: 1));
        order = Fold(order, Request(order, "b", 24m, "1", quantity: 1));

        Request(order, "c", 0.01m, "1").ShouldFailWith("refund.amount_exceeds_refundable");
        Assert.False(Request(order, "c", 36m, "oid-b").IsError); // the other line keeps its own share
    }

    [Fact]
    public void Whole_order_refunds_and_line_refunds_draw_on_the_same_paid_money()
    {
        var order = TwoLines();
        order = Fold(order, Request(order, "whole", 80m, null));

        Request(order, "a", 10.01m, "oid-b").ShouldFailWith("refund.amount_exceeds_refundable");
        Assert.False(Request(order, "a", 10m, "oid-b").IsError);
    }

    [Fact]
    public void Listed_sku_auto_refund_looks_at_the_refunds_own_line()
    {
        var policy = TestPolicies.Manual with { AutoRefundSkus = ["SKU-A"] };
        var order = TwoLines(policy);

        var line = Fold(order, Request(order, "a", 20m, "1", policy));
        var whole = Fold(order, Request(order, "b", 20m, null, policy));

        line.Refund("a")!.ShouldBeAutoRefunded(Automation.ListedSku);
        Assert.Equal(RefundStatus.WaitingSellerAgree, whole.Refund("b")!.Status); // SKU-B is not listed
    }

    [Fact]
    public void Exchange_and_reship_need_a_line_that_is_not_fully_refunded()
    {
        var order = TwoLines(delivered: true);
        var refunded = Fold(order, Request(order, "a", 36m, "oid-b", reason: RefundReason.QualityDefect));
        refunded = Fold(refunded, OrderAggregateMachine.Decide(refunded, "a", new ApproveRefund(null), Now, TestPolicies.Manual));
        Assert.Equal(36m, refunded.Order.LineTaken("oid-b"));

        Request(refunded, "x", 0m, "oid-b", kind: RefundKind.Exchange, reason: RefundReason.Size).ShouldFailWith("refund.line_fully_refunded");
        Assert.False(Request(refunded, "x", 0m, "1", kind: RefundKind.Exchange, reason: RefundReason.Size).IsError);
    }

    [Fact]
    public void A_line_refund_names_a_line_of_the_order_and_at_most_its_quantity()
    {
        var order = TwoLines();

        Request(order, "a", 1m, "nope").ShouldFailWith("refund.line_unknown");
        Request(order, "a", 1m, "1", quantity: 3).ShouldFailWith("refund.quantity_invalid");
        Request(order, "a", 1m, "1", quantity: 0).ShouldFailWith("refund.quantity_invalid");
        Request(order, "a", 1m, null, quantity: 1).ShouldFailWith("request.field_required");
    }

    private static OrderAggregate Fold(OrderAggregate? state, Decision<DomainEvent> decision)
    {
        Assert.False(decision.IsError, decision.Error?.ToString());
        return decision.Events.Aggregate(state, OrderAggregateMachine.Apply)!;
    }
}
