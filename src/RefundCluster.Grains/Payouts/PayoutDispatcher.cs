using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RefundCluster.Grains.Payouts;

/// <summary>
/// Hands recorded payouts to the payment gateway until each is acknowledged. Every silo runs one; leases keep them
/// from handing out the same row at once, and the gateway's idempotency key makes a repeat after a lost
/// acknowledgement or a dead dispatcher harmless. Leases and retries run on real time, not the demo clock: they are
/// about the gateway's and the database's timing, not about refund deadlines.
/// </summary>
public sealed class PayoutDispatcher(
    IPayoutStore store,
    IPaymentGateway gateway,
    PayoutSignal signal,
    IOptions<PayoutOptions> options,
    TimeProvider time,
    ILogger<PayoutDispatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await store.LeaseDue(o.BatchSize, o.Lease, time.GetUtcNow());
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = stoppingToken },
                    async (payout, ct) => await Dispatch(payout, o, ct));
                if (due.Count == o.BatchSize)
                {
                    continue; // more may be waiting
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Payout dispatch round failed; retrying");
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

    private async Task Dispatch(PayoutRecord payout, PayoutOptions o, CancellationToken ct)
    {
        var key = payout.Request.Key;
        try
        {
            var reference = await gateway.Pay(payout.Request, ct);
            await store.MarkPaid(key, reference, time.GetUtcNow());
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogInformation("Payout {Key} attempt {Attempt} failed: {Error}", key, payout.Attempts + 1, e.Message);
            await store.MarkFailed(key, e.Message, time.GetUtcNow() + o.RetryDelay);
        }
    }
}
