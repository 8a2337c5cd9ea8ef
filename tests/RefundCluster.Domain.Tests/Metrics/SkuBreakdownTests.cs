using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Tests.Metrics;

/// <summary>Refunds by SKU: counted once per refund at its request time, the top SKUs named, a bucket's names bounded.</summary>
public sealed class SkuBreakdownTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_refund_counts_once_for_each_of_its_skus_whatever_its_later_versions()
    {
        var book = new ShopMetricsBook();
        var whole = Refund("r1", 1, "A", "B");
        Assert.True(book.Apply(whole));
        Assert.True(book.Apply(whole with { Version = 2, Status = RefundStatus.Succeeded, EndedAt = Start.AddMinutes(3) }));
        Assert.True(book.Apply(Refund("r2", 1, "A")));
        Assert.False(book.Correct(whole with { Version = 2, Status = RefundStatus.Succeeded, EndedAt = Start.AddMinutes(3), Skus = SkuList.None }));

        var bySku = book.Compute(MetricWindow.OneHour, Start.AddMinutes(10)).RefundsBySku;

        Assert.Equal([new SkuCount("A", 2), new SkuCount("B", 1)], bySku.Top);
        Assert.Equal(0, bySku.Other);
        Assert.Equal(bySku.Top, book.Compute(MetricWindow.OneDay, Start.AddMinutes(10)).RefundsBySku.Top);
    }

    [Fact]
    public void The_top_skus_are_named_most_first_and_the_rest_add_up_in_other()
    {
        var counts = Enumerable.Range(0, 25).Select(i => KeyValuePair.Create($"sku{i:00}", (long)(i % 4) + 1)).ToList();

        var breakdown = SkuBreakdown.Of(counts, uncounted: 3);

        Assert.Equal(SkuBreakdown.TopCount, breakdown.Top.Length);
        Assert.Equal(new SkuCount("sku03", 4), breakdown.Top[0]); // 4 refunds; ties by SKU
        Assert.Equal(new SkuCount("sku07", 4), breakdown.Top[1]);
        Assert.Equal(counts.Sum(c => c.Value) - breakdown.Top.Sum(s => s.Refunds) + 3, breakdown.Other);
    }

    [Fact]
    public void A_bucket_names_a_bounded_number_of_skus_and_counts_the_others_apart()
    {
        var book = new ShopMetricsBook();
        for (var i = 0; i < SkuBreakdown.MaxSkusPerBucket; i++)
        {
            book.Apply(Refund($"r{i}", 1, $"sku{i:000}"));
        }

        // A SKU first seen once the hour names as many as it may: its refunds count in Other, however many.
        for (var i = 0; i < 30; i++)
        {
            book.Apply(Refund($"late{i}", 1, "late-sku"));
        }

        var bySku = book.Compute(MetricWindow.OneDay, Start.AddMinutes(30)).RefundsBySku;

        Assert.DoesNotContain(bySku.Top, s => s.Sku == "late-sku");
        Assert.Equal(SkuBreakdown.MaxSkusPerBucket - SkuBreakdown.TopCount + 30, bySku.Other);
        Assert.Equal(SkuBreakdown.MaxSkusPerBucket + 30, bySku.Top.Sum(s => s.Refunds) + bySku.Other);
    }

    private static RefundFact Refund(string id, int version, params string[] skus) => new()
    {
        RefundId = id, OrderId = "o-" + id, Version = version, Scenario = RefundScenario.NotShippedRefundOnly,
        Status = RefundStatus.WaitingSellerAgree, RequestedAt = Start.AddMinutes(1), FirstReason = RefundReason.ChangedMind,
        Skus = SkuList.Of(skus),
    };
}
