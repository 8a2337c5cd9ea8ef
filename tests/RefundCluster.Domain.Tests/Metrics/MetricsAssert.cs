using RefundCluster.Domain.Metrics;

namespace RefundCluster.Domain.Tests.Metrics;

public static class MetricsAssert
{
    /// <summary>Every count, every rate's parts, and every completion figure equal.</summary>
    public static void Equal(ShopMetrics expected, ShopMetrics actual)
    {
        Assert.Equal(expected.Window, actual.Window);
        Assert.Equal(
            (expected.PaidOrders, expected.Refunds, expected.Refused, expected.Disputes, expected.QualityFirstReason, expected.InterceptionRequests, expected.Intercepted, expected.FlaggedRefunds),
            (actual.PaidOrders, actual.Refunds, actual.Refused, actual.Disputes, actual.QualityFirstReason, actual.InterceptionRequests, actual.Intercepted, actual.FlaggedRefunds));
        Assert.Equal(
            (expected.Ended, expected.SelfCompleted, expected.EndedAutomatically, expected.ClosedByTimer, expected.EndedZeroSecond, expected.MerchantResponsible),
            (actual.Ended, actual.SelfCompleted, actual.EndedAutomatically, actual.ClosedByTimer, actual.EndedZeroSecond, actual.MerchantResponsible));
        Assert.Equal(expected.RefundsByScenario.OrderBy(p => p.Key), actual.RefundsByScenario.OrderBy(p => p.Key));
        Assert.Equal(expected.RefundsByStatus.OrderBy(p => p.Key), actual.RefundsByStatus.OrderBy(p => p.Key));
        Assert.Equal(expected.RefundsByFirstReason.OrderBy(p => p.Key), actual.RefundsByFirstReason.OrderBy(p => p.Key));
        Assert.Equal(expected.RefundsBySku.Top, actual.RefundsBySku.Top);
        Assert.Equal(expected.RefundsBySku.Other, actual.RefundsBySku.Other);
        Assert.Equal(expected.Completion.OrderBy(p => p.Key), actual.Completion.OrderBy(p => p.Key));
        Assert.Equal(expected.Response.OrderBy(p => p.Key), actual.Response.OrderBy(p => p.Key));
        Assert.Equal(Indicators.All.Select(i => (i.Name, i.ValueOf(expected))), Indicators.All.Select(i => (i.Name, i.ValueOf(actual))));
    }
}
