using static RefundCluster.Api.Tests.Infrastructure.Scenarios;

namespace RefundCluster.Api.Tests;

/// <summary>A host whose grain path is slower (3 s) than the HTTP API waits for it (0.5 s): every event times out.</summary>
public sealed class SlowGrainHost() : HostFixture(1, ["--Admission:DispatchDelay=00:00:03", "--Admission:EventTimeout=00:00:00.5"]);

public sealed class EventTimeoutTests(SlowGrainHost host) : IClassFixture<SlowGrainHost>
{
    private ApiClient Api => host.Api;

    [Fact]
    public async Task An_event_its_grain_does_not_answer_in_time_is_answered_retryable_and_its_orders_later_events_are_not_sent()
    {
        var (x, y, z) = (Ids.New("order"), Ids.New("order"), Ids.New("order"));

        var response = await Api.SendBatch([Events.Paid(x, 80m), Events.Shipped(x), Events.Paid(y, 10m)]);
        var single = await Api.Send(Events.Paid(z, 10m));

        var batch = ApiAssert.Ok(response);
        ApiAssert.BatchItem(batch, 0, "cluster.unavailable");
        ApiAssert.BatchItem(batch, 1, "batch.not_attempted"); // x's first event may yet apply: its second must not overtake it
        ApiAssert.BatchItem(batch, 2, "cluster.unavailable");
        Assert.All(batch.GetProperty("items").EnumerateArray(), item => Assert.True(item.Int("retryAfter") >= 0, $"{item}"));
        Assert.NotNull(response.RetryAfter);
        ApiAssert.Problem(single, HttpStatusCode.ServiceUnavailable, "cluster.unavailable");
        Assert.NotNull(single.RetryAfter);

        // A timed-out event is not lost, only answered before its end: its grain call still runs. The one not sent never does.
        foreach (var orderId in new[] { x, y, z })
        {
            await Eventually(async () => (await Api.Get(OrderPath(orderId))).Status == HttpStatusCode.OK, $"order {orderId} applied");
        }

        Assert.Equal("paid", (await Api.GetOrder(x)).Str("status"));
    }

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Never happened: {what}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
