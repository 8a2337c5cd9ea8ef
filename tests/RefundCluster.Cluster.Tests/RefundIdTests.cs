namespace RefundCluster.Cluster.Tests;

/// <summary>
/// Refunds live in their order's grain, and their ids are unique platform-wide: an event naming a refund another order
/// holds is refused, and a request cannot take such an id (for an order on any silo).
/// </summary>
public abstract class RefundIdTests<TFixture>(TFixture fx) where TFixture : ClusterFixture
{
    [Fact]
    public async Task An_event_naming_a_refund_of_another_order_is_refused_as_an_order_mismatch()
    {
        var (holder, refundId, other) = await RefundHeldByAnotherOrder();

        var outcome = await other.Send(other.ApproveEvent(refundId));

        Assert.Equal(OutcomeStatus.Rejected, outcome.Status);
        Assert.Equal("refund.order_mismatch", outcome.Error?.Code);
        Assert.Equal(RefundStatus.WaitingSellerAgree, (await holder.RefundView(refundId)).Status);
    }

    [Fact]
    public async Task A_request_cannot_take_a_refund_id_another_order_holds_and_changes_nothing()
    {
        var (holder, refundId, other) = await RefundHeldByAnotherOrder();
        var before = await other.OrderView();

        var outcome = await other.Send(other.RequestEvent(refundId, 250m));

        Assert.Equal(OutcomeStatus.Rejected, outcome.Status);
        Assert.Equal("refund.order_mismatch", outcome.Error?.Code);
        var after = await other.OrderView();
        Assert.Equal((before.Version, 0m), (after.Version, after.ReservedAmount));
        Assert.Null(await other.Order.GetRefundView(refundId));
        Assert.Equal(holder.OrderId, (await fx.Grains.Refunds().GetView(refundId))?.OrderId);
        Assert.Equal(300m, (await holder.OrderView()).ReservedAmount);

        // The refused request left no trace: the same order takes a fresh id at once.
        await other.Accept(other.RequestEvent(Scenario.NewRefundId(), 250m));
        Assert.Equal(250m, (await other.OrderView()).ReservedAmount);
    }

    [Fact]
    public async Task A_refund_is_found_by_its_id_alone()
    {
        var s = new Scenario(fx);
        await s.Pay(500m);
        var first = await s.RequestRefund(100m);
        var second = await s.RequestRefund(200m);

        Assert.Equal((s.OrderId, 100m), await Found(first));
        Assert.Equal((s.OrderId, 200m), await Found(second));
        Assert.Null(await fx.Grains.Refunds().GetView(Scenario.NewRefundId()));
        Assert.Equal((second, s.OrderId), await fx.Grains.Refunds().GetView(second) is { } view ? (view.RefundId, view.OrderId) : default);
    }

    /// <summary>An order holding an open refund, and another paid order of the same shop.</summary>
    private async Task<(Scenario Holder, string RefundId, Scenario Other)> RefundHeldByAnotherOrder()
    {
        var holder = new Scenario(fx);
        await holder.Pay(500m);
        var refundId = await holder.RequestRefund(300m); // above the default 0秒退 cap: it stays open
        var other = new Scenario(fx, holder.ShopId);
        await other.Pay(300m);
        return (holder, refundId, other);
    }

    private async Task<(string, decimal)?> Found(string refundId) =>
        await fx.Grains.Refunds().GetView(refundId) is { } view ? (view.OrderId, view.RequestedAmount) : null;
}

public sealed class OneSiloRefundIdTests(ClusterFixture fx) : RefundIdTests<ClusterFixture>(fx), IClassFixture<ClusterFixture>;

public sealed class TwoSiloRefundIdTests(TwoSiloClusterFixture fx) : RefundIdTests<TwoSiloClusterFixture>(fx), IClassFixture<TwoSiloClusterFixture>;
