using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RefundCluster.Grains.Payouts;

namespace RefundCluster.Cluster.Tests;

/// <summary>
/// The payout table unreachable for a while (a database restart): a payout this silo recorded just before is paid
/// once the table answers again, after a retry delay, not only once it counts as orphaned.
/// </summary>
public sealed class PayoutDispatcherOutageTests
{
    [Fact]
    public async Task A_fresh_payout_whose_round_failed_on_the_store_is_paid_in_the_next_round_after_the_retry_delay()
    {
        var store = new OutageStore();
        var gateway = new CountingGateway();
        var signal = new PayoutSignal();
        var options = new PayoutOptions { RetryDelay = TimeSpan.FromMilliseconds(200), OrphanAfter = TimeSpan.FromMinutes(10), PollInterval = TimeSpan.FromMilliseconds(50) };
        using var dispatcher = new PayoutDispatcher(store, gateway, signal, Options.Create(options), TimeProvider.System, NullLogger<PayoutDispatcher>.Instance);
        var payout = new PayoutRequest("r-1:payout", "r-1", "o-1", "shop-1", 50m, DateTimeOffset.UtcNow);
        await store.Record([payout]);

        store.Down = true;
        await dispatcher.StartAsync(TestContext.Current.CancellationToken);
        signal.Notify([payout]);
        await Wait.Until(() => Task.FromResult(store.FailedCalls), n => n >= 2, "a round to fail on the store, and to be retried");
        store.Down = false;

        var paid = await Wait.Until(() => store.Find(payout.Key), p => p!.Status == PayoutStatus.Paid, "the payout to be paid once the store answers");
        await dispatcher.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(50m, paid!.Request.Amount);
        Assert.True(gateway.Calls >= 1);
    }

    /// <summary>The embedded store, but every call throws while <see cref="Down"/>, as a database that refuses.</summary>
    private sealed class OutageStore : IPayoutStore
    {
        private readonly MemoryPayoutStore _inner = new();
        private int _failedCalls;

        public volatile bool Down;

        public int FailedCalls => Volatile.Read(ref _failedCalls);

        public Task Record(IReadOnlyList<PayoutRequest> requests) => _inner.Record(requests);

        public Task<IReadOnlyList<PayoutRecord>> LeaseDue(int max, TimeSpan lease, DateTimeOffset now, DateTimeOffset orphanedBefore) =>
            Fails<IReadOnlyList<PayoutRecord>>() ?? _inner.LeaseDue(max, lease, now, orphanedBefore);

        public Task MarkPaid(IReadOnlyList<PaidPayout> paid) => Fails<bool>() ?? _inner.MarkPaid(paid);

        public Task MarkFailed(string key, string error, DateTimeOffset retryAt) => Fails<bool>() ?? _inner.MarkFailed(key, error, retryAt);

        public Task<PayoutRecord?> Find(string key) => _inner.Find(key);

        private Task<T>? Fails<T>()
        {
            if (!Down)
            {
                return null;
            }

            Interlocked.Increment(ref _failedCalls);
            return Task.FromException<T>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        }
    }

    private sealed class CountingGateway : IPaymentGateway
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<string> Pay(PayoutRequest payout, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult($"ref-{payout.Key}");
        }
    }
}
