using System.Collections.Concurrent;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>What a scenario promised the cluster: each acknowledged refund's expected final status, and per shop how many orders were paid.</summary>
public sealed class ScenarioExpectations
{
    private readonly ConcurrentDictionary<string, Expectation> _refunds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _paidOrders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _refundsByShop = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Expectation> Refunds => _refunds;

    public IReadOnlyDictionary<string, long> PaidOrders => _paidOrders;

    public IReadOnlyDictionary<string, long> RefundsByShop => _refundsByShop;

    /// <summary>Everything the expectations of a mix's scenarios promised, in one (a copy, for the audit after the run).</summary>
    public static ScenarioExpectations Merge(IEnumerable<ScenarioExpectations> parts)
    {
        var merged = new ScenarioExpectations();
        foreach (var expectations in parts)
        {
            foreach (var (refund, expectation) in expectations._refunds)
            {
                merged._refunds[refund] = expectation;
            }

            foreach (var (shop, count) in expectations._paidOrders)
            {
                merged._paidOrders.AddOrUpdate(shop, count, (_, n) => n + count);
            }

            foreach (var (shop, count) in expectations._refundsByShop)
            {
                merged._refundsByShop.AddOrUpdate(shop, count, (_, n) => n + count);
            }
        }

        return merged;
    }

    public void OrderPaid(string shop) => _paidOrders.AddOrUpdate(shop, 1, (_, n) => n + 1);

    public void RefundRequested(string shop) => _refundsByShop.AddOrUpdate(shop, 1, (_, n) => n + 1);

    /// <summary>A refund whose every event was acknowledged must end (or stand) in this status, ended by this automation if given.</summary>
    public void Expect(string refundId, string shop, string status, string? automation = null) => _refunds[refundId] = new(shop, status, automation);
}

/// <param name="Automation">The automation that must have ended it (<c>timeout</c> for a platform timer); null: any.</param>
public sealed record Expectation(string Shop, string Status, string? Automation);
