using RefundCluster.Client;
using RefundCluster.Contracts.Events;

namespace RefundCluster.Client.Tests;

/// <summary>Events one by one and in batches, against the real host: answers typed, refusals with their codes, batches split to the API's limit.</summary>
public sealed class SendTests(ClientHost host)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_event_is_applied_and_resending_its_eventId_answers_duplicate()
    {
        var client = host.Client();
        var paid = TestEvents.Paid(TestEvents.Id("order"), 1234.56m, TestEvents.Id("shop"));

        var first = await client.Send(paid, Cancel);
        var again = await client.Send(paid, Cancel);

        Assert.Equal((OutcomeStatus.Accepted, paid.EventId, paid.OrderId), (first.Status, first.EventId, first.OrderId));
        Assert.Equal((OutcomeStatus.Duplicate, first.Version), (again.Status, again.Version));
        var order = await client.GetOrder(paid.OrderId, Cancel);
        Assert.Equal(first.Version, order!.Version);
        Assert.Equal(1234.56m, order.PaidAmount);
    }

    [Fact]
    public async Task A_refused_event_throws_its_problem_code_event_id_and_trace_id_and_is_not_retried()
    {
        var handler = new ScriptedHandler();
        var client = host.Client(handler: handler);
        var orphan = TestEvents.RefundRequested(TestEvents.Id("order"), TestEvents.Id("refund"), 10m);

        var refused = await Assert.ThrowsAsync<RefundClusterException>(() => client.Send(orphan, Cancel));

        Assert.Equal(("order.unknown", 404, orphan.EventId), (refused.Code, refused.Status, refused.Problem.EventId));
        Assert.False(string.IsNullOrEmpty(refused.Problem.TraceId));
        Assert.False(string.IsNullOrEmpty(refused.Problem.Detail));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_validation_refusal_is_not_retried()
    {
        var handler = new ScriptedHandler();
        var client = host.Client(handler: handler);
        var tooPrecise = TestEvents.Paid(TestEvents.Id("order"), 10.001m, TestEvents.Id("shop"));

        var refused = await Assert.ThrowsAsync<RefundClusterException>(() => client.Send(tooPrecise, Cancel));

        Assert.Equal(("amount.precision", 400), (refused.Code, refused.Status));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_batch_larger_than_the_API_takes_is_split_and_every_event_lands_in_order()
    {
        var handler = new ScriptedHandler();
        var client = host.Client(handler: handler);
        var shop = TestEvents.Id("shop");
        var events = Enumerable.Range(0, ApiLimits.MaxBatchSize + 250)
            .Select(i => (IntegratorEvent)TestEvents.Paid(TestEvents.Id("order"), 100m + i / 100m, shop))
            .ToList();

        var result = await client.SendBatch(events, Cancel);

        Assert.Equal(events.Count, result.Accepted);
        Assert.Equal(2, result.Requests);
        Assert.Equal([ApiLimits.MaxBatchSize, 250], handler.Requests.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetArrayLength()));
        Assert.Equal(events.Select(e => e.EventId), result.Items.Select(i => i.EventId));
        Assert.Equal(Enumerable.Range(0, events.Count), result.Items.Select(i => i.Index));
        var last = await client.GetOrder(events[^1].OrderId, Cancel);
        Assert.Equal(100m + (events.Count - 1) / 100m, last!.PaidAmount);
    }

    [Fact]
    public async Task In_a_batch_bad_events_come_back_with_their_codes_while_the_good_ones_land()
    {
        var client = host.Client(options: new RefundClusterClientOptions { BatchSize = 2 });
        var shop = TestEvents.Id("shop");
        var orderId = TestEvents.Id("order");
        var refundId = TestEvents.Id("refund");
        IntegratorEvent[] events =
        [
            TestEvents.Paid(orderId, 900m, shop),
            TestEvents.Paid(TestEvents.Id("order"), 10.001m, shop),
            TestEvents.RefundRequested(orderId, refundId, 500m),
            TestEvents.RefundRequested(TestEvents.Id("order"), TestEvents.Id("refund"), 5m),
            TestEvents.RefundRequested(orderId, TestEvents.Id("refund"), 9000m),
        ];

        var result = await client.SendBatch(events, Cancel);

        Assert.Equal(3, result.Requests);
        Assert.Equal(
            [(OutcomeStatus.Accepted, null), (OutcomeStatus.Rejected, "amount.precision"), (OutcomeStatus.Accepted, null),
             (OutcomeStatus.Rejected, "order.unknown"), (OutcomeStatus.Rejected, "refund.amount_exceeds_refundable")],
            result.Items.Select(i => (i.Status, i.Problem?.Code)));
        Assert.Equal([400, 404, 422], result.Items.Where(i => i.Problem is not null).Select(i => i.Problem!.Status));
        Assert.All(result.Items.Where(i => i.Problem is not null), i => Assert.Null(i.Problem!.RetryAfter));
        Assert.Equal(events[3].EventId, result.Items[3].Problem!.EventId);
        var refund = await client.GetRefund(refundId, Cancel);
        Assert.Equal(500m, refund!.RequestedAmount);
    }

    [Fact]
    public async Task A_client_registered_in_a_service_collection_sends_with_its_options()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddRefundClusterClient(new RefundClusterClientOptions { BaseAddress = host.BaseAddress, ApiKey = TestCredentials.Admin.Key });
        await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var client = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<RefundClusterClient>(provider);
        var paid = TestEvents.Paid(TestEvents.Id("order"), 7.5m, TestEvents.Id("shop"));

        Assert.Equal(OutcomeStatus.Accepted, (await client.Send(paid, Cancel)).Status);
        Assert.Equal(7.5m, (await host.Client().GetOrder(paid.OrderId, Cancel))!.PaidAmount);
    }
}
