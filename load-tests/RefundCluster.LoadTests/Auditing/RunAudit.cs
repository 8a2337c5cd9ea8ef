using System.Collections.Concurrent;
using System.Text.Json;
using RefundCluster.Grains.Payouts;
using RefundCluster.LoadTests.Reporting;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Auditing;

/// <summary>
/// After the load: every refund whose events were all acknowledged is read back and must be in its expected status;
/// when the cluster's payout table is reachable (embedded target) each refunded refund has exactly its payout row; and
/// each shop's live metrics must count exactly the orders and refunds sent (once the stream has delivered). A load
/// test that loses refunds fails here.
/// </summary>
public static class RunAudit
{
    private const int MaxListedFailures = 50;

    /// <param name="checkMetrics">
    /// False when the run spans more platform time than the 30-day window (a long compressed-clock rehearsal): the first
    /// orders have left the window, so counts can no longer match what was sent.
    /// </param>
    public static async Task<AuditReport> Run(
        ITarget target, ScenarioExpectations expectations, IPayoutStore? payouts, TimeSpan settle, CancellationToken cancellationToken, bool checkMetrics = true)
    {
        var failures = new ConcurrentQueue<string>();
        long checkedCount = 0, correct = 0;
        void Check(bool ok, Func<string> failure)
        {
            Interlocked.Increment(ref checkedCount);
            if (ok)
            {
                Interlocked.Increment(ref correct);
            }
            else if (failures.Count < MaxListedFailures)
            {
                failures.Enqueue(failure());
            }
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken };
        var deadline = DateTime.UtcNow + settle;
        await Parallel.ForEachAsync(expectations.Refunds, options, async (refund, ct) =>
        {
            var expected = refund.Value;
            string? status, automation;
            while (true)
            {
                // A refund left to a platform timer gets there once its (compressed) deadline passes.
                var response = await target.Send(HttpMethod.Get, $"v1/refunds/{refund.Key}", null, ct);
                var view = response.IsSuccess ? JsonDocument.Parse(response.Body!).RootElement : (JsonElement?)null;
                status = view?.GetProperty("status").GetString() ?? $"HTTP {response.Status}";
                automation = view?.TryGetProperty("automation", out var a) == true ? a.GetString() : null;
                if ((status == expected.Status && (expected.Automation is null || automation == expected.Automation)) || DateTime.UtcNow > deadline)
                {
                    break;
                }

                await Task.Delay(500, ct);
            }

            Check(status == expected.Status && (expected.Automation is null || automation == expected.Automation),
                () => $"refund {refund.Key}: expected {expected.Status}{(expected.Automation is null ? "" : $" by {expected.Automation}")}, found {status}{(automation is null ? "" : $" by {automation}")}");
            if (payouts is not null && expected.Status == "succeeded")
            {
                var row = await payouts.Find($"{refund.Key}:payout");
                Check(row is not null, () => $"refund {refund.Key}: refunded but no payout row");
            }
        });

        // The stream's lag is seconds at most: the metrics get their own wait after the refunds.
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(Math.Min(settle.TotalSeconds, 15));
        await Parallel.ForEachAsync(checkMetrics ? expectations.PaidOrders.Keys : [], options, async (shop, ct) =>
        {
            var expectedOrders = expectations.PaidOrders[shop];
            var expectedRefunds = expectations.RefundsByShop.GetValueOrDefault(shop);
            (long Orders, long Refunds) seen = (-1, -1);
            while (true)
            {
                var response = await target.Send(HttpMethod.Get, $"v1/shops/{shop}/metrics?window=30d", null, ct);
                if (response.IsSuccess)
                {
                    var metrics = JsonDocument.Parse(response.Body!).RootElement;
                    seen = (metrics.GetProperty("paidOrders").GetInt64(), metrics.GetProperty("refunds").GetInt64());
                }

                if (seen == (expectedOrders, expectedRefunds) || DateTime.UtcNow > deadline)
                {
                    break;
                }

                await Task.Delay(200, ct);
            }

            Check(seen == (expectedOrders, expectedRefunds),
                () => $"shop {shop} metrics: expected {expectedOrders} paid orders and {expectedRefunds} refunds, found {seen.Orders} and {seen.Refunds}");
        });

        return new AuditReport(checkedCount, correct, [.. failures]);
    }
}
