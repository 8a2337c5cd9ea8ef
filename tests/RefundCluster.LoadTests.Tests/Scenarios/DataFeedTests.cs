using RefundCluster.LoadTests.Driving;
using RefundCluster.LoadTests.Profiles;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Tests.Support;

namespace RefundCluster.LoadTests.Tests.Scenarios;

/// <summary>SKUs and amounts from a CSV file: parsed strictly, drawn by weight, and sent in the orders.</summary>
public sealed class DataFeedTests
{
    [Fact]
    public void Items_are_drawn_by_their_weight_and_the_same_iteration_always_draws_the_same_item()
    {
        var feed = DataFeed.Parse(["# hot and cold SKUs", "sku,amount,weight", "HOT, 59.90, 3", "", "COLD,1299,1"], "test.csv");

        var hot = Enumerable.Range(0, 20_000).Count(i => feed.Pick(i).Sku == "HOT");

        Assert.Equal(2, feed.Count);
        Assert.InRange(hot / 20_000.0, 0.73, 0.77); // 3 of 4
        Assert.Equal(new FeedItem("HOT", 59.90m), feed.Pick(Enumerable.Range(0, 100).First(i => feed.Pick(i).Sku == "HOT")));
        Assert.Equal(feed.Pick(12_345), feed.Pick(12_345));
        Assert.Equal(new FeedItem(null, 12.5m), DataFeed.Parse(["amount", "12.5"], "amounts.csv").Pick(7));
    }

    [Theory]
    [InlineData("weight\n1", "must name a sku or an amount column")]
    [InlineData("sku,amount\nA,-1", "line 2: amount '-1'")]
    [InlineData("sku,amount\nA,1.005", "at most 2 decimals")]
    [InlineData("sku,amount\nA", "line 2: 1 values for 2 columns")]
    [InlineData("sku,weight\nA,0", "weight '0'")]
    [InlineData("sku", "a header but no items")]
    [InlineData("", "empty")]
    public void A_feed_that_cannot_be_read_is_refused_with_its_line(string text, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => DataFeed.Parse(text.Split('\n'), "bad.csv"));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycles_pay_and_refund_the_feeds_sku_and_amount()
    {
        var feed = DataFeed.Parse(["sku,amount", "SKU-A,88.80", "SKU-B,300"], "feed.csv");
        var scenario = new LifecycleScenario(new ShopPicker(3), "f", new LifecycleSchedule { RequestDelay = TimeSpan.Zero, DecisionDelay = TimeSpan.Zero }, feed: feed);
        var target = new RecordingTarget(TimeSpan.Zero);
        await new LoadDriver(scenario, target, [new LoadStep("constant 100 events/s", 100, TimeSpan.FromSeconds(0.5))]).Run(TestContext.Current.CancellationToken);

        var paid = target.Requests.Where(r => r.Body?["kind"]?.GetValue<string>() == "order.paid").Select(r => r.Body!).ToList();
        Assert.NotEmpty(paid);
        foreach (var order in paid)
        {
            var line = order["lines"]![0]!;
            var expected = feed.Pick(long.Parse(order["orderId"]!.GetValue<string>().Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((expected.Sku, expected.Amount), (line["sku"]!.GetValue<string>(), order["paidAmount"]!.GetValue<decimal>()));
        }

        Assert.All(scenario.Lifecycles.Traces.Values, t => Assert.Equal(feed.Pick(t.Plan.Lifecycle).Amount, t.Plan.Amount));
    }
}
