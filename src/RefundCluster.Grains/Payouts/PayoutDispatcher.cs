using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RefundCluster.Grains.Telemetry;

namespace RefundCluster.Grains.Payouts;

/// <summary>
/// Hands recorded payouts to the payment gateway until each is acknowledged. Every silo runs one. It pays the rows its
/// own silo just recorded straight from memory (no lease: no write before the payment), and leases from the table only
/// rows that failed before or that another silo left behind (recorded more than <see cref="PayoutOptions.OrphanAfter"/>
/// ago and still pending). Acknowledgements are marked in one write per round. The gateway's idempotency key makes a
/// repeat after a lost acknowledgement, a dead dispatcher or an overlap with a lease harmless. Leases and retries run
/// on real time, not the demo clock: they are about the gateway's and the database's timing, not refund deadlines.
/// </summary>
public sealed class PayoutDispatcher(
    IPayoutStore store,
    IPaymentGateway gateway,
    PayoutSignal signal,
    IOptions<PayoutOptions> options,
    TimeProvider time,
    ILogger<PayoutDispatcher> log) : BackgroundService
{
    private DateTimeOffset _nextLease = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            List<PayoutRecord> due = [];
            try
            {
                if (o.Linger > TimeSpan.Zero)
                {
                    await Task.Delay(o.Linger, stoppingToken); // real time, like the leases and retries
                }

                due = signal.TakeFresh(o.BatchSize).Select(p => new PayoutRecord(p, PayoutStatus.Pending, 0, null, null, null)).ToList();
                var now = time.GetUtcNow();
                if (due.Count < o.BatchSize && now >= _nextLease)
                {
                    var leased = await store.LeaseDue(o.BatchSize - due.Count, o.Lease, now, now - o.OrphanAfter);
                    due.AddRange(leased);
                    // Nothing left behind: look again after a poll interval, not on every fresh payout.
                    _nextLease = leased.Count == 0 ? now + o.PollInterval : now;
                }

                var paid = new List<PaidPayout>(due.Count);
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = stoppingToken },
                    async (payout, ct) =>
                    {
                        if (await Dispatch(payout, o, ct) is { } acknowledged)
                        {
                            lock (paid)
                            {
                                paid.Add(acknowledged);
                            }
                        }
                    });
                if (paid.Count > 0)
                {
                    await store.MarkPaid(paid);
                    RefundClusterMeter.PayoutsPaid.Add(paid.Count);
                }

                more = due.Count == o.BatchSize;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store failed (the database is restarting): nothing of this round was marked. Its payouts go to the
                // next round, after a retry delay, rather than wait to be orphaned or their lease to run out; one the
                // gateway already acknowledged is paid again harmlessly (same idempotency key, same reference).
                log.LogWarning(e, "Payout dispatch round failed; its {Count} payouts are retried in {Delay}", due.Count, o.RetryDelay);
                signal.Notify(due.Select(p => p.Request));
                try
                {
                    await Task.Delay(o.RetryDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            if (more)
            {
                continue;
            }

            try
            {
                await signal.Wait(o.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<PaidPayout?> Dispatch(PayoutRecord payout, PayoutOptions o, CancellationToken ct)
    {
        var key = payout.Request.Key;
        try
        {
            var reference = await gateway.Pay(payout.Request, ct);
            return new PaidPayout(key, reference, time.GetUtcNow());
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            RefundClusterMeter.PayoutAttemptsFailed.Add(1);
            log.LogInformation("Payout {Key} attempt {Attempt} failed: {Error}", key, payout.Attempts + 1, e.Message);
            await store.MarkFailed(key, e.Message, time.GetUtcNow() + o.RetryDelay);
            return null;
        }
    }
}
