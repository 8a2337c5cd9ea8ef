using RefundCluster.Client;
using RefundCluster.Contracts.Lists;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Client.Tests;

/// <summary>A shop's lists through the typed client: filters as wire names, pages by cursor, every page walked, refusals with their code.</summary>
public sealed class ListTests(ClientHost host)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Three orders of a new shop: a refund waiting for the seller (500.50), one approved (600.25, out of stock), one refunded in 0 s (100.75).</summary>
    private static async Task<(string Shop, string[] Orders, string Waiting, string Approved, string Instant)> Shop(RefundClusterClient client)
    {
        var shop = TestEvents.Id("list-shop");
        var orders = new[] { TestEvents.Id("order"), TestEvents.Id("order"), TestEvents.Id("order") };
        var (waiting, approved, instant) = (TestEvents.Id("refund"), TestEvents.Id("refund"), TestEvents.Id("refund"));
        var result = await client.SendBatch(
        [
            .. orders.Select(o => TestEvents.Paid(o, 900m, shop)),
            TestEvents.RefundRequested(orders[0], waiting, 500.50m),
            TestEvents.RefundRequested(orders[1], approved, 600.25m) with { Reason = RefundReason.OutOfStock },
            TestEvents.Approved(orders[1], approved),
            TestEvents.RefundRequested(orders[2], instant, 100.75m),
        ], Cancel);
        Assert.Equal(7, result.Accepted);
        return (shop, orders, waiting, approved, instant);
    }

    [Fact]
    public async Task Refunds_list_by_status_kind_and_reason_with_their_money_as_decimal()
    {
        var client = host.Client();
        var (shop, _, waiting, approved, instant) = await Shop(client);

        var page = await client.ListRefunds(shop, status: [RefundStatus.WaitingSellerAgree], cancel: Cancel);
        var all = await client.ListRefunds(shop, cancel: Cancel);

        var item = Assert.Single(page.Refunds);
        Assert.Equal((waiting, 500.50m, RefundReason.ChangedMind), (item.RefundId, item.RequestedAmount, item.Reason));
        Assert.NotNull(item.NextDeadline);
        Assert.False(page.HasMore);
        Assert.Equal(3, all.Refunds.Length);
        Assert.Equal(waiting, all.Refunds[0].RefundId); // by time left: the only one with a deadline first
        Assert.Equal([approved], (await client.ListRefunds(shop, reason: [RefundReason.OutOfStock], cancel: Cancel)).Refunds.Select(r => r.RefundId));
        Assert.Equal([instant], (await client.ListRefunds(shop, status: [RefundStatus.Succeeded], reason: [RefundReason.ChangedMind], cancel: Cancel)).Refunds.Select(r => r.RefundId));
        Assert.Equal(3, (await client.ListRefunds(shop, status: [RefundStatus.WaitingSellerAgree, RefundStatus.Succeeded], cancel: Cancel)).Refunds.Length);
        Assert.Empty((await client.ListRefunds(shop, kind: [RefundKind.ReturnAndRefund], cancel: Cancel)).Refunds);
    }

    [Fact]
    public async Task Pages_follow_the_next_cursor_and_the_async_walk_sees_every_refund_once()
    {
        var client = host.Client();
        var (shop, orders, waiting, approved, instant) = await Shop(client);

        var first = await client.ListRefunds(shop, sort: ListSort.Modified, limit: 2, cancel: Cancel);
        var second = await client.ListRefunds(shop, sort: ListSort.Modified, after: first.Next, limit: 2, cancel: Cancel);
        var walked = await client.AllRefunds(shop, sort: ListSort.Modified, pageSize: 1, cancel: Cancel).ToListAsync(Cancel);

        Assert.True(first.HasMore);
        Assert.False(second.HasMore);
        Assert.Equal(new[] { waiting, approved, instant }.Order(), first.Refunds.Concat(second.Refunds).Select(r => r.RefundId).Order());
        Assert.Equal(first.Refunds.Concat(second.Refunds).Select(r => r.RefundId), walked.Select(r => r.RefundId));

        // A change after the walk comes after the last page's cursor.
        await client.Send(TestEvents.Approved(orders[0], waiting), Cancel);
        var later = await client.ListRefunds(shop, sort: ListSort.Modified, after: second.Next, cancel: Cancel);
        Assert.Equal([waiting], later.Refunds.Select(r => r.RefundId));
        var since = later.Refunds[0].ModifiedAt;
        Assert.Equal([waiting], (await client.ListRefunds(shop, modifiedSince: since, cancel: Cancel)).Refunds.Select(r => r.RefundId));
    }

    [Fact]
    public async Task Orders_list_by_status_and_last_change_and_walk_in_pages()
    {
        var client = host.Client();
        var (shop, orders, _, _, _) = await Shop(client);
        await client.Send(new Contracts.Events.OrderShippedEvent { EventId = TestEvents.Id("evt"), OrderId = orders[0], TrackingNumber = "SF1000001" }, Cancel);

        var page = await client.ListOrders(shop, cancel: Cancel);
        var walked = await client.AllOrders(shop, pageSize: 2, cancel: Cancel).ToListAsync(Cancel);

        Assert.Equal(orders[0], page.Orders[^1].OrderId); // by last change: the latest last
        Assert.Equal(page.Orders.Select(o => o.OrderId), walked.Select(o => o.OrderId));
        Assert.Equal([orders[0]], (await client.ListOrders(shop, status: [OrderStatus.Shipped], cancel: Cancel)).Orders.Select(o => o.OrderId));
        Assert.All(page.Orders, o => Assert.Equal(900m, o.PaidAmount));
    }

    [Fact]
    public async Task A_cursor_of_one_sort_given_to_the_other_is_refused_with_its_code()
    {
        var client = host.Client();
        var (shop, _, _, _, _) = await Shop(client);
        var next = (await client.ListRefunds(shop, sort: ListSort.Deadline, limit: 1, cancel: Cancel)).Next;

        var refused = await Assert.ThrowsAsync<RefundClusterException>(() => client.ListRefunds(shop, sort: ListSort.Modified, after: next, cancel: Cancel));

        Assert.Equal(("list.query_invalid", 400), (refused.Code, refused.Status));
    }
}
