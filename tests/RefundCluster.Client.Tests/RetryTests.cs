using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using RefundCluster.Client;
using RefundCluster.Contracts.Events;

namespace RefundCluster.Client.Tests;

/// <summary>Passing refusals are retried after the server's Retry-After with the same eventIds, and each event is applied once.</summary>
public sealed class RetryTests(ClientHost host)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string EventIdOf(string body) => JsonNode.Parse(body)!["eventId"]!.GetValue<string>();

    [Fact]
    public async Task A_503_with_Retry_After_is_waited_out_and_the_same_event_resent()
    {
        var handler = new ScriptedHandler { Instead = (n, _, _) => n == 1 ? ScriptedHandler.Unavailable(1) : null };
        var client = host.Client(handler: handler);
        var paid = TestEvents.Paid(TestEvents.Id("order"), 50m, TestEvents.Id("shop"));

        var watch = Stopwatch.StartNew();
        var outcome = await client.Send(paid, Cancel);

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1), $"retried after {watch.Elapsed}");
        var order = await host.Client().GetOrder(paid.OrderId, Cancel);
        Assert.Equal(OutcomeStatus.Accepted, outcome.Status);
        Assert.Equal([503, 200], handler.Requests.Select(r => r.Status));
        Assert.Equal([paid.EventId, paid.EventId], handler.Requests.Select(r => EventIdOf(r.Body)));
        Assert.True(handler.Requests[1].Sent - handler.Requests[0].Answered >= TimeSpan.FromSeconds(1), "resent before Retry-After");
        Assert.Equal(outcome.Version, order!.Version); // applied once: a second application would be refused (order.already_paid)
        Assert.Single(order.History, h => h.Action.Contains("paid", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_answer_lost_after_the_event_was_applied_is_retried_and_answered_as_a_duplicate_applied_once()
    {
        // The host applies the event, but the client sees 503: the resend must carry the same eventId and change nothing.
        var handler = new ScriptedHandler { Rewrite = (n, _) => n == 1 ? ScriptedHandler.Unavailable(1) : null };
        var client = host.Client(handler: handler);
        var orderId = TestEvents.Id("order");
        var refundId = TestEvents.Id("refund");
        await host.Client().Send(TestEvents.Paid(orderId, 900m, TestEvents.Id("shop")), Cancel);
        var requested = TestEvents.RefundRequested(orderId, refundId, 500m);

        var outcome = await client.Send(requested, Cancel);

        Assert.Equal(OutcomeStatus.Duplicate, outcome.Status);
        Assert.Equal([requested.EventId, requested.EventId], handler.Requests.Select(r => EventIdOf(r.Body)));
        var refund = await client.GetRefund(refundId, Cancel);
        Assert.Equal((outcome.Version, 500m), (refund!.Version, refund.RequestedAmount));
        Assert.Single(refund.History, h => h.Action == "refund_requested");
    }

    [Fact]
    public async Task A_rate_limited_credential_gets_every_event_through_by_waiting_as_told()
    {
        var handler = new ScriptedHandler();
        var client = host.Client(TestCredentials.Throttled, new RefundClusterClientOptions { Retry = new RetryPolicy { MaxAttempts = 20 } }, handler);
        var shop = TestEvents.Id("shop");
        var events = Enumerable.Range(0, 8).Select(_ => TestEvents.Paid(TestEvents.Id("order"), 10m, shop)).ToList();

        foreach (var e in events)
        {
            Assert.Equal(OutcomeStatus.Accepted, (await client.Send(e, Cancel)).Status);
        }

        Assert.Contains(handler.Requests, r => r.Status == 429); // two a second, bursting to four: eight must be held back
        Assert.Equal(events.Count, handler.Requests.Count(r => r.Status == 200));
    }

    [Fact]
    public async Task A_batch_resends_only_its_items_refused_for_a_passing_reason_with_the_same_eventIds()
    {
        // The first request reaches the host with only its first event; the second is answered shed (cluster.overloaded), as
        // admission control answers an event it has no permit for.
        var handler = new ScriptedHandler();
        handler.Instead = (n, request, body) =>
        {
            if (n != 1)
            {
                return null;
            }

            var items = JsonNode.Parse(body)!.AsArray();
            using var forward = new HttpRequestMessage(HttpMethod.Post, request.RequestUri)
            {
                Content = new StringContent(new JsonArray(items[0]!.DeepClone()).ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
            };
            foreach (var header in request.Headers)
            {
                forward.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            using var real = new HttpClient().Send(forward, Cancel);
            var answer = JsonNode.Parse(real.Content.ReadAsStream(Cancel))!;
            var shed = new JsonObject
            {
                ["index"] = 1, ["eventId"] = items[1]!["eventId"]!.GetValue<string>(), ["status"] = "rejected", ["retryAfter"] = 1,
                ["problem"] = new JsonObject { ["type"] = "x", ["title"] = "cluster.overloaded", ["status"] = 503, ["detail"] = "shed", ["code"] = "cluster.overloaded" },
            };
            answer["items"]!.AsArray().Add(shed);
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return response;
        };
        var client = host.Client(handler: handler);
        var shop = TestEvents.Id("shop");
        IntegratorEvent[] events = [TestEvents.Paid(TestEvents.Id("order"), 10m, shop), TestEvents.Paid(TestEvents.Id("order"), 20m, shop)];

        var result = await client.SendBatch(events, Cancel);

        Assert.True(handler.Requests[1].Sent - handler.Requests[0].Answered >= TimeSpan.FromSeconds(1), "resent before Retry-After");
        Assert.Equal((2, 2), (result.Accepted, result.Requests));
        Assert.Equal([events[1].EventId], JsonDocument.Parse(handler.Requests[1].Body).RootElement.EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));
        Assert.Equal([0, 1], result.Items.Select(i => i.Index));
        Assert.Equal(20m, (await client.GetOrder(events[1].OrderId, Cancel))!.PaidAmount);
        Assert.Equal(result.Items[0].Version, (await client.GetOrder(events[0].OrderId, Cancel))!.Version);
    }

    [Fact]
    public async Task When_retries_run_out_the_503_surfaces_with_its_code_and_Retry_After()
    {
        var handler = new ScriptedHandler { Instead = (_, _, _) => ScriptedHandler.Unavailable(0) };
        var client = host.Client(options: new RefundClusterClientOptions { Retry = new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10) } }, handler: handler);

        var refused = await Assert.ThrowsAsync<RefundClusterException>(() => client.Send(TestEvents.Paid(TestEvents.Id("order"), 1m, "shop-x"), Cancel));

        Assert.Equal(("cluster.overloaded", 503, TimeSpan.Zero), (refused.Code, refused.Status, refused.Problem.RetryAfter));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task A_lost_connection_is_retried_with_the_same_event_but_a_500_without_Retry_After_is_not()
    {
        var handler = new ScriptedHandler { Instead = (n, _, _) => n == 1 ? throw new HttpRequestException("connection reset (scripted)") : null };
        var client = host.Client(handler: handler);
        var paid = TestEvents.Paid(TestEvents.Id("order"), 30m, TestEvents.Id("shop"));

        Assert.Equal(OutcomeStatus.Accepted, (await client.Send(paid, Cancel)).Status);
        Assert.Equal([paid.EventId], handler.Requests.Select(r => EventIdOf(r.Body))); // the reset one never got an answer to record

        var failing = new ScriptedHandler { Instead = (_, _, _) => new HttpResponseMessage(HttpStatusCode.InternalServerError) };
        var refused = await Assert.ThrowsAsync<RefundClusterException>(() => host.Client(handler: failing).Send(TestEvents.Paid(TestEvents.Id("order"), 1m, "shop-x"), Cancel));
        Assert.Equal((500, "http.500"), (refused.Status, refused.Code));
        Assert.Single(failing.Requests);
    }
}
