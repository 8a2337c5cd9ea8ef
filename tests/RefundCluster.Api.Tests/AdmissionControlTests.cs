using System.Globalization;
using System.Net.Sockets;
using System.Text;
using RefundCluster.Silo.Security;
using static RefundCluster.Api.Tests.Infrastructure.Scenarios;

namespace RefundCluster.Api.Tests;

/// <summary>
/// A host with room for 5 events in progress, no wait for a permit, and a slowed grain path: every admitted event waits
/// 1 s, holding its permit, before its grain call. A burst sent at once therefore finds at most 5 permits, and a batch
/// sent alone gets exactly 5. Request bodies must arrive within 2 s.
/// </summary>
public sealed class TightAdmissionHost() : HostFixture(1,
[
    "--Admission:MaxEventsInFlight=5", "--Admission:MaxWait=00:00:00", "--Admission:RetryAfterSeconds=2",
    "--Admission:DispatchDelay=00:00:01", "--Admission:BodyReadTimeout=00:00:02",
]);

/// <summary>
/// Admission control counts events. Each test ends with every request answered, so the next one starts with all 5
/// permits free (tests of one class run one at a time).
/// </summary>
public sealed class AdmissionControlTests(TightAdmissionHost host) : IClassFixture<TightAdmissionHost>
{
    private const int Capacity = 5;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    private ApiClient Api => host.Api;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_past_capacity_applies_the_admitted_events_and_sheds_the_rest_per_item_and_in_order()
    {
        var chained = Ids.New("order");
        var refundId = Ids.New("refund");
        List<JsonObject> events =
        [
            .. NewOrders(3).Select(o => Events.Paid(o, 10m)),                                          // 0–2: admitted
            Events.Paid(chained, 80m),                                                                  // 3: admitted
            Events.Shipped(chained),                                                                    // 4: the last permit
            Events.Delivered(chained),                                                                  // 5: shed, and so every later event of its order
            .. NewOrders(10).Select(o => Events.Paid(o, 10m)),                                         // 6–15
            Events.RefundRequested(chained, refundId, 80m, "return_and_refund", "wrong_item"),          // 16
            .. NewOrders(3).Select(o => Events.Paid(o, 10m)),                                          // 17–19
        ];

        var response = await Api.SendBatch(events.Select(e => e.DeepClone()));

        var batch = ApiAssert.Ok(response);
        Assert.Equal((5, 0, 15, 15), (batch.Int("accepted"), batch.Int("duplicates"), batch.Int("rejected"), batch.Int("shed")));
        Assert.Equal(RetryAfter, response.RetryAfter);
        for (var i = 0; i < events.Count; i++)
        {
            var item = batch.GetProperty("items")[i];
            Assert.Equal(events[i]["eventId"]!.GetValue<string>(), item.Str("eventId"));
            if (i < Capacity)
            {
                ApiAssert.BatchItem(batch, i, null);
                Assert.Equal(JsonValueKind.Null, item.GetProperty("retryAfter").ValueKind);
            }
            else
            {
                ApiAssert.BatchItem(batch, i, "cluster.overloaded");
                Assert.Equal(503, item.GetProperty("problem").Int("status"));
                Assert.Equal(2, item.Int("retryAfter"));
            }
        }

        // The order stopped where admission stopped; nothing shed was applied.
        Assert.Equal("shipped", (await Api.GetOrder(chained)).Str("status"));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Get(RefundPath(refundId))).Status);
        foreach (var shed in events.Skip(Capacity).Where(e => e["kind"]!.GetValue<string>() == "order.paid"))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Api.Get(OrderPath(shed["orderId"]!.GetValue<string>()))).Status);
        }

        // Resent later, in order, with the same eventIds: applied now (accepted, not duplicates).
        foreach (var chunk in events.Skip(Capacity).Chunk(Capacity))
        {
            var resent = ApiAssert.Ok(await Api.SendBatch(chunk.Select(e => e.DeepClone())));
            Assert.True(resent.Int("accepted") == chunk.Length, $"{resent}");
        }

        var order = await Api.GetOrder(chained);
        Assert.Equal(("delivered", 80m), (order.Str("status"), order.Dec("reservedAmount")));
        Assert.Equal("waiting_seller_agree", (await Api.GetRefund(refundId)).Str("status"));

        // The admitted events were applied exactly once: resent, they are duplicates.
        var again = ApiAssert.Ok(await Api.SendBatch(events.Take(Capacity).Select(e => e.DeepClone())));
        Assert.Equal(Capacity, again.Int("duplicates"));
    }

    [Fact]
    public async Task A_batch_of_which_not_one_event_is_admitted_is_answered_503_with_Retry_After_and_nothing_applied()
    {
        // Six batches of five at once: the first admitted events hold every permit for a second, so most batches get none.
        var batches = Enumerable.Range(0, 6).Select(_ => NewOrders(Capacity)).ToArray();

        var answers = await Task.WhenAll(batches.Select(orders => Api.SendBatch(orders.Select(o => Events.Paid(o, 10m)))));

        Assert.Contains(answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
        for (var b = 0; b < batches.Length; b++)
        {
            var (answer, orders) = (answers[b], batches[b]);
            if (answer.Status == HttpStatusCode.ServiceUnavailable)
            {
                ApiAssert.Problem(answer, HttpStatusCode.ServiceUnavailable, "cluster.overloaded");
                Assert.Equal(RetryAfter, answer.RetryAfter);
                foreach (var orderId in orders)
                {
                    Assert.Equal(HttpStatusCode.NotFound, (await Api.Get(OrderPath(orderId))).Status);
                }

                continue;
            }

            var batch = ApiAssert.Ok(answer);
            Assert.Equal(Capacity, batch.Int("accepted") + batch.Int("shed"));
            for (var i = 0; i < orders.Count; i++)
            {
                var accepted = batch.GetProperty("items")[i].Str("status") == "accepted";
                Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.NotFound, (await Api.Get(OrderPath(orders[i]))).Status);
            }
        }
    }

    [Fact]
    public async Task Past_capacity_single_events_are_shed_with_503_and_Retry_After_and_nothing_acknowledged_is_lost()
    {
        var orders = NewOrders(30);

        var answers = await Task.WhenAll(orders.Select(o => Api.Send(Events.Paid(o, 10m))));

        var shed = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(shed);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(shed, a =>
        {
            ApiAssert.Problem(a, HttpStatusCode.ServiceUnavailable, "cluster.overloaded");
            Assert.Equal(RetryAfter, a.RetryAfter);
        });
        for (var i = 0; i < orders.Count; i++)
        {
            // Acknowledged means stored; shed means nothing happened (so the integrator's resend is safe).
            var stored = await Api.Get(OrderPath(orders[i]));
            Assert.Equal(answers[i].Status == HttpStatusCode.OK ? HttpStatusCode.OK : HttpStatusCode.NotFound, stored.Status);
        }
    }

    [Fact]
    public async Task Every_permit_comes_back_once_its_event_is_answered()
    {
        // A burst far past capacity, singles and batches mixed...
        await Task.WhenAll(
            NewOrders(20).Select(o => Api.Send(Events.Paid(o, 10m)))
                .Concat(Enumerable.Range(0, 3).Select(_ => Api.SendBatch(NewOrders(10).Select(o => Events.Paid(o, 10m))))));

        // ...and once all of it is answered, the whole capacity is free again: a batch of exactly that size is admitted whole.
        var batch = ApiAssert.Ok(await Api.SendBatch(NewOrders(Capacity).Select(o => Events.Paid(o, 10m))));
        Assert.Equal((Capacity, 0), (batch.Int("accepted"), batch.Int("shed")));
    }

    [Fact]
    public async Task Shed_events_and_the_capacity_are_in_the_metrics()
    {
        var answers = await Task.WhenAll(NewOrders(20).Select(o => Api.Send(Events.Paid(o, 10m))));
        var shed = answers.Count(a => a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.True(shed > 0, "The burst should have been shed in part.");

        // The exporter may serve a scrape cached a moment ago: look until the counts include this burst.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string metrics;
        do
        {
            var scrape = await Api.Get("metrics");
            Assert.Equal(HttpStatusCode.OK, scrape.Status);
            metrics = scrape.Body;
            if (Sum(metrics, "refundcluster_admission_shed_total") >= shed)
            {
                break;
            }

            await Task.Delay(200, Cancel);
        }
        while (DateTime.UtcNow < deadline);

        Assert.True(Sum(metrics, "refundcluster_admission_shed_total") >= shed, metrics);
        Assert.True(Sum(metrics, "refundcluster_admission_admitted_total") >= answers.Length - shed, metrics);
        Assert.Equal(Capacity, Sum(metrics, "refundcluster_admission_limit"));
        Assert.Contains("refundcluster_admission_in_flight", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_upload_holds_no_permit_and_is_cut_off_with_408()
    {
        var stalled = await Task.WhenAll(Enumerable.Range(0, Capacity + 1).Select(_ => StalledUpload.Start(host.Ports.Http)));

        // While they stall in their bodies, every permit is still free.
        var batch = ApiAssert.Ok(await Api.SendBatch(NewOrders(Capacity).Select(o => Events.Paid(o, 10m))));
        Assert.Equal(Capacity, batch.Int("accepted"));

        foreach (var upload in stalled)
        {
            // Answered (not left hanging) and the connection closed: ReadToEnd returns.
            var answer = await upload.ReadToEnd();
            Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
            Assert.Contains("request.body_timeout", answer, StringComparison.Ordinal);
            upload.Dispose();
        }
    }

    [Theory]
    [InlineData(0.0, 7.5)]
    [InlineData(0.5, 11.25)]
    [InlineData(0.9999999, 15.0)]
    public void A_slow_body_is_cut_off_between_half_the_read_limit_and_all_of_it(double draw, double seconds) =>
        Assert.Equal(seconds, RefundCluster.Silo.Api.JsonBody.Staggered(TimeSpan.FromSeconds(15), draw).TotalSeconds, precision: 3);

    private static List<string> NewOrders(int count) => [.. Enumerable.Range(0, count).Select(_ => Ids.New("order"))];

    /// <summary>The sum of a Prometheus metric's samples over all label sets (<c>name{labels} value [timestamp]</c>).</summary>
    private static double Sum(string exposition, string name) => exposition
        .Split('\n')
        .Where(line => line.StartsWith(name + " ", StringComparison.Ordinal) || line.StartsWith(name + "{", StringComparison.Ordinal))
        .Select(line => line[(line.LastIndexOf('}') is var close and >= 0 ? close + 1 : name.Length)..].Trim().Split(' ')[0])
        .Sum(value => double.Parse(value, CultureInfo.InvariantCulture));

    /// <summary>A client that sends its headers and a first piece of a batch, then nothing more.</summary>
    private sealed class StalledUpload : IDisposable
    {
        private readonly TcpClient _client;

        private StalledUpload(TcpClient client) => _client = client;

        public static async Task<StalledUpload> Start(int port)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, Cancel);
            var head = $"POST /v1/events/batch HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{ApiKeyAuthenticationHandler.HeaderName}: {TestCredentials.Admin.Key}\r\n" +
                       "Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n[{\"kind\":\"order.paid\",";
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head), Cancel);
            return new StalledUpload(client);
        }

        public async Task<string> ReadToEnd()
        {
            using var reader = new StreamReader(_client.GetStream(), Encoding.UTF8);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            return await reader.ReadToEndAsync(timeout.Token);
        }

        public void Dispose() => _client.Dispose();
    }
}
