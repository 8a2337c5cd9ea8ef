using System.Collections.Concurrent;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>What a scenario promised the cluster: each acknowledged refund's expected final status, and per shop how many orders were paid.</summary>
public sealed class ScenarioLedger
{
    private readonly ConcurrentDictionary<string, (string Shop, string Status)> _refunds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _paidOrders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _refundsByShop = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, (string Shop, string Status)> Refunds => _refunds;

    public IReadOnlyDictionary<string, long> PaidOrders => _paidOrders;

    public IReadOnlyDictionary<string, long> RefundsByShop => _refundsByShop;

    public void OrderPaid(string shop) => _paidOrders.AddOrUpdate(shop, 1, (_, n) => n + 1);

    public void RefundRequested(string shop) => _refundsByShop.AddOrUpdate(shop, 1, (_, n) => n + 1);

    /// <summary>A refund whose every event was acknowledged must end (or stand) in this status.</summary>
    public void Expect(string refundId, string shop, string status) => _refunds[refundId] = (shop, status);
}
