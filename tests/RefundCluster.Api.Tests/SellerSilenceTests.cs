namespace RefundCluster.Api.Tests;

/// <summary>Real timers: on a host whose grain clock runs 3600x, the 48 h seller-response deadline passes in ~48 s.</summary>
public sealed class SellerSilenceTests(DemoClusterHost host) : IClassFixture<DemoClusterHost>
{
    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Seller_who_stays_silent_is_overruled_by_the_timeout()
    {
        var api = host.Api;
        var orderId = await api.PayOrder(500m);

        var (refundId, outcome) = await api.RequestRefund(orderId, 500m); // above the 200 yuan 0秒退 cap

        Assert.Equal("waiting_seller_agree", outcome.Str("entityStatus"));
        var waiting = await api.GetRefund(refundId);
        Assert.Equal("WAIT_SELLER_AGREE", waiting.Str("taobaoStatus"));
        Assert.Equal("seller", waiting.Str("waitingOn"));
        var deadline = Assert.Single(waiting.GetProperty("deadlines").EnumerateArray());
        Assert.Equal("seller_response", deadline.Str("kind"));
        var requestedAt = waiting.GetProperty("requestedAt").GetDateTimeOffset();
        Assert.Equal(requestedAt + TimeSpan.FromHours(48), deadline.GetProperty("due").GetDateTimeOffset());
        Assert.Equal(deadline.GetProperty("due").GetDateTimeOffset(), waiting.GetProperty("nextDeadline").GetDateTimeOffset());

        var refund = await PollUntilEnded(api, refundId);

        Assert.True(refund.Str("status") == "succeeded", $"The refund should have been refunded by the timer: {refund}");
        Assert.Equal("SUCCESS", refund.Str("taobaoStatus"));
        Assert.Equal("timeout", refund.Str("automation"));
        Assert.Equal("system", refund.Str("endedBy"));
        Assert.False(refund.GetProperty("zeroSecond").GetBoolean());
        Assert.Equal(500m, refund.Dec("refundedAmount"));
        Assert.Equal(["deadline_expired", "refund_executed"], refund.HistoryActions().Where(a => a is "deadline_expired" or "refund_executed"));
        Assert.True(refund.GetProperty("endedAt").GetDateTimeOffset() >= requestedAt + TimeSpan.FromHours(48));
        var order = await api.GetOrder(orderId);
        Assert.Equal(500m, order.Dec("refundedAmount"));
        Assert.Equal("closed", order.Str("status"));

        // The timer's outcome is in the change log like any other transition: integrators learn of it without polling.
        var changes = ApiAssert.Ok(await api.Get("v1/changes?types=refund.succeeded,order.closed&limit=1000")).GetProperty("changes").EnumerateArray()
            .Where(c => c.Str("orderId") == orderId).ToList();
        Assert.Equal(["refund.succeeded", "order.closed"], changes.Select(c => c.Str("type")));
        Assert.Equal("timeout", changes[0].GetProperty("view").Str("automation"));
    }

    private async Task<JsonElement> PollUntilEnded(ApiClient api, string refundId)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            var refund = await api.GetRefund(refundId);
            if (refund.Str("status") is "succeeded" or "closed")
            {
                return refund;
            }

            Assert.True(DateTime.UtcNow - started < PollLimit,
                $"Still {refund.Str("status")} after {PollLimit}: the seller-response timer did not fire.{Environment.NewLine}{host.RecentOutput}");
            await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        }
    }
}
