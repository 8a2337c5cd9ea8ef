using RefundCluster.Client;

namespace RefundCluster.Client.Tests;

/// <summary>Reads typed from the real host, money as decimal to the cent, unknown entities as null.</summary>
public sealed class ReadTests(ClientHost host)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_order_and_its_refund_read_back_with_their_money_to_the_cent()
    {
        var client = host.Client();
        var shop = TestEvents.Id("shop");
        var orderId = TestEvents.Id("order");
        var refundId = TestEvents.Id("refund");
        await client.Send(TestEvents.Paid(orderId, 99_999.99m, shop), Cancel);
        await client.Send(TestEvents.RefundRequested(orderId, refundId, 12_345.67m), Cancel);

        var order = await client.GetOrder(orderId, Cancel);
        var refund = await client.GetRefund(refundId, Cancel);

        Assert.Equal((orderId, shop, 99_999.99m), (order!.OrderId, order.ShopId, order.PaidAmount));
        Assert.Equal(99_999.99m - 12_345.67m, order.RefundableAmount);
        Assert.Equal(12_345.67m, order.ReservedAmount);
        Assert.Equal((refundId, orderId, 12_345.67m), (refund!.RefundId, refund.OrderId, refund.RequestedAmount));
        Assert.Equal(Domain.Refunds.RefundStatus.WaitingSellerAgree, refund.Status);
    }

    [Fact]
    public async Task An_unknown_order_or_refund_reads_as_null()
    {
        var client = host.Client();

        Assert.Null(await client.GetOrder(TestEvents.Id("order"), Cancel));
        Assert.Null(await client.GetRefund(TestEvents.Id("refund"), Cancel));
    }

    [Fact]
    public async Task Another_shops_order_reads_as_null_for_a_shop_service()
    {
        var orderId = TestEvents.Id("order");
        await host.Client().Send(TestEvents.Paid(orderId, 10m, TestEvents.Id("shop")), Cancel);

        Assert.Null(await host.Client(TestCredentials.ShopService).GetOrder(orderId, Cancel));
        Assert.NotNull(await host.Client().GetOrder(orderId, Cancel));
    }

    [Fact]
    public async Task A_shop_policy_reads_typed_and_a_credential_without_the_role_gets_its_problem()
    {
        var shop = TestEvents.Id("shop");

        var policy = await host.Client().GetShopPolicy(shop, Cancel);
        var own = await host.Client(TestCredentials.ShopService).GetShopPolicy(TestCredentials.ScopedShop, Cancel);
        var refused = await Assert.ThrowsAsync<RefundClusterException>(() => host.Client(TestCredentials.Integrator).GetShopPolicy(shop, Cancel));
        var another = await Assert.ThrowsAsync<RefundClusterException>(() => host.Client(TestCredentials.ShopService).GetShopPolicy(shop, Cancel));

        Assert.Equal(shop, policy.ShopId);
        Assert.Equal(TestCredentials.ScopedShop, own.ShopId); // a shop service reads its own shop's policy
        Assert.Equal(403, refused.Status);
        Assert.Equal("auth.forbidden", refused.Code);
        Assert.Equal(404, another.Status); // another shop's: as if it did not exist
        Assert.Equal("shop.unknown", another.Code);
    }
}
