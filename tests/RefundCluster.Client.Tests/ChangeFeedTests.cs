using System.Diagnostics;
using RefundCluster.Client;
using RefundCluster.Contracts.Changes;

namespace RefundCluster.Client.Tests;

/// <summary>The change feed as an async sequence: the changes of the events sent, in order, typed; live once caught up; resumable; ended by cancellation.</summary>
public sealed class ChangeFeedTests(ClientHost host)
{
    private static readonly RefundClusterClientOptions FastPolling = new() { ChangePollInterval = TimeSpan.FromMilliseconds(100) };

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<List<ChangeDocument>> Take(IAsyncEnumerable<ChangeDocument> feed, int count, CancellationTokenSource stop)
    {
        var taken = new List<ChangeDocument>();
        await foreach (var change in feed)
        {
            taken.Add(change);
            if (taken.Count == count)
            {
                await stop.CancelAsync();
            }
        }

        Assert.Equal(count, taken.Count); // fewer: the feed ended (timed out) before the changes came
        return taken;
    }

    private static CancellationTokenSource Within(TimeSpan limit)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        stop.CancelAfter(limit);
        return stop;
    }

    private async Task<(string Shop, string Order, string Refund)> Lifecycle(RefundClusterClient client)
    {
        var shop = TestEvents.Id("feed-shop");
        var orderId = TestEvents.Id("order");
        var refundId = TestEvents.Id("refund");
        await client.Send(TestEvents.Paid(orderId, 900.10m, shop), Cancel);
        await client.Send(TestEvents.RefundRequested(orderId, refundId, 500.05m), Cancel); // above the 0秒退 cap: waits for the seller
        await client.Send(TestEvents.Approved(orderId, refundId), Cancel);
        return (shop, orderId, refundId);
    }

    [Fact]
    public async Task The_feed_yields_the_changes_of_the_events_sent_in_order_with_typed_views()
    {
        var client = host.Client(options: FastPolling);
        var (shop, orderId, refundId) = await Lifecycle(client);
        using var stop = Within(TimeSpan.FromSeconds(30));

        var changes = await Take(client.Changes(0, shop, cancel: stop.Token), 3, stop);

        Assert.Equal(["order.paid", "refund.created", "refund.succeeded"], changes.Select(c => c.Type));
        Assert.Equal(changes.Select(c => c.Cursor).Order(), changes.Select(c => c.Cursor));
        Assert.All(changes, c => Assert.Equal((shop, orderId), (c.ShopId, c.OrderId)));
        Assert.Equal(900.10m, changes[0].Order()!.PaidAmount);
        Assert.Null(changes[0].Refund());
        var succeeded = changes[2].Refund()!;
        Assert.Equal((refundId, 500.05m, 500.05m), (succeeded.RefundId, succeeded.RequestedAmount, succeeded.RefundedAmount));
        Assert.Equal(Domain.Refunds.RefundStatus.Succeeded, succeeded.Status);
    }

    [Fact]
    public async Task A_feed_that_has_caught_up_keeps_polling_and_yields_changes_made_later()
    {
        var client = host.Client(options: FastPolling);
        var shop = TestEvents.Id("feed-shop");
        using var stop = Within(TimeSpan.FromSeconds(30));
        var reading = Take(client.Changes(0, shop, cancel: stop.Token), 2, stop);
        await Task.Delay(500, Cancel); // the feed is caught up (nothing of this shop yet) and polling
        Assert.False(reading.IsCompleted);

        var orderId = TestEvents.Id("order");
        await client.Send(TestEvents.Paid(orderId, 900m, shop), Cancel);
        await client.Send(TestEvents.RefundRequested(orderId, TestEvents.Id("refund"), 500m), Cancel);

        Assert.Equal(["order.paid", "refund.created"], (await reading).Select(c => c.Type));
    }

    [Fact]
    public async Task A_feed_resumes_after_the_cursor_given_and_filters_by_type()
    {
        var client = host.Client(options: FastPolling);
        var (shop, _, _) = await Lifecycle(client);
        var all = await client.ReadChanges(0, shop, cancel: Cancel);
        Assert.Equal(3, all.Changes.Length);

        using (var stop = Within(TimeSpan.FromSeconds(30)))
        {
            var resumed = await Take(client.Changes(all.Changes[0].Cursor, shop, cancel: stop.Token), 2, stop);
            Assert.Equal(all.Changes[1..].Select(c => c.Cursor), resumed.Select(c => c.Cursor));
        }

        using (var stop = Within(TimeSpan.FromSeconds(30)))
        {
            var succeeded = await Take(client.Changes(0, shop, ["refund.succeeded"], stop.Token), 1, stop);
            Assert.Equal(all.Changes[2].Cursor, succeeded.Single().Cursor);
        }
    }

    [Fact]
    public async Task Cancelling_ends_a_waiting_feed_without_an_exception()
    {
        var client = host.Client(options: new RefundClusterClientOptions { ChangePollInterval = TimeSpan.FromMinutes(10) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var watch = Stopwatch.StartNew();
        var reading = Task.Run(async () =>
        {
            var count = 0;
            await foreach (var unused in client.Changes(0, TestEvents.Id("feed-shop"), cancel: stop.Token))
            {
                count++;
            }

            return count;
        }, Cancel);
        await Task.Delay(500, Cancel);
        Assert.False(reading.IsCompleted); // waiting out its poll interval

        await stop.CancelAsync();

        Assert.Equal(0, await reading.WaitAsync(TimeSpan.FromSeconds(10), Cancel));
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(1));
    }
}
