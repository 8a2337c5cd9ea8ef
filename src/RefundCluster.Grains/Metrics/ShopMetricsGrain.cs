using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Policies;
using RefundCluster.Grains.Changes;
using RefundCluster.Grains.Shops;
using RefundCluster.Grains.Telemetry;

namespace RefundCluster.Grains.Metrics;

/// <summary>
/// A shop's live indicators. Fed by its facts stream's consumer (<see cref="ShopFactsConsumerGrain"/>); keeps the latest fact of each refund and
/// order in a <see cref="ShopMetricsBook"/> (in memory). Memory streams can lose messages (a dead silo's queue, a full
/// queue), so the book is rebuilt from the entities on activation and re-checked every
/// <see cref="ShopMetricsOptions.ReconcileInterval"/>, and at once when a silo is lost (<see cref="AggregatorRecovery"/>):
/// the numbers converge to the entities' own state. 首次品退率 counts the quality reasons of the shop's policy as this
/// silo's <see cref="ShopPolicyCache"/> has it at each read (and each leaderboard tick, which wakes the long-polls):
/// the book applies the list when it is read, so a change takes effect at once, for the past too, with nothing recounted.
/// </summary>
public sealed class ShopMetricsGrain(
    IShopDirectory directory,
    IChangeLog changes,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    IOptions<ShopMetricsOptions> options,
    IHostApplicationLifetime lifetime,
    ShopAggregatorRegistry registry,
    ShopPolicyCache policies,
    ILogger<ShopMetricsGrain> logger)
    : Grain, IShopMetricsGrain, IShopFactsSink, IShopMetricsReconciler, IShopMetricsInspection
{
    private readonly ShopMetricsBook _book = new();
    /// <summary>Versions start at a random base per activation, so a client never mistakes a new activation for an old one.</summary>
    private readonly long _versionBase = Random.Shared.NextInt64(1, long.MaxValue / 2);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _applied;
    private long _ignored;
    private long _reportedVersion = -1;
    private DateTimeOffset _reportedAt;
    private DateTimeOffset? _lastRebuildAt;
    /// <summary>
    /// Where the change log was when the book last held every entity's latest version (null: not known, or the log cannot be
    /// read by shop): the next reconciliation pass reads the shop's changes after it.
    /// </summary>
    private long? _checkedThrough;
    private int _lastRebuildCorrections;

    private string ShopId => this.GetPrimaryKeyString();

    private long Version => _versionBase + _book.Version;

    private static readonly TimeSpan KeepWhileOnLeaderboard = TimeSpan.FromMinutes(20);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A new activation knows nothing: the previous one's silo may have died with messages in flight.
        await Load(initial: true, everything: true);
        registry.Add(ShopId, this);
        var settings = options.Value;
        this.RegisterGrainTimer(ReportToLeaderboard, settings.LeaderboardInterval, settings.LeaderboardInterval);
        // Aggregators activated together (a silo's start, a burst of new shops) would otherwise all reconcile together:
        // in the soak, 1,000 shops' passes at the same second held events back for seconds every 10 minutes.
        var firstPass = settings.ReconcileInterval * (0.1 + (0.9 * Random.Shared.NextDouble()));
        this.RegisterGrainTimer(async () => await Load(initial: false, everything: false), firstPass, settings.ReconcileInterval);
    }

    public Task Apply(ShopFactsChanged item)
    {
        var lag = (ShopFactsPublisher.WallClock.GetUtcNow() - item.PublishedAt).TotalMilliseconds;
        foreach (var refund in item.Refunds)
        {
            RefundClusterMeter.StreamLag.Record(lag);
            Apply(refund, null);
        }

        foreach (var order in item.Orders)
        {
            RefundClusterMeter.StreamLag.Record(lag);
            Apply(null, order);
        }

        return Task.CompletedTask;
    }

    public async ValueTask<ShopMetricsView> GetMetrics(MetricWindow window)
    {
        await FollowPolicy();
        return new ShopMetricsView { ShopId = ShopId, Version = Version, Metrics = _book.Compute(window, time.GetUtcNow()) };
    }

    public async ValueTask<IReadOnlyList<ShopMetrics>> GetSeries(SeriesInterval interval, DateTimeOffset from, DateTimeOffset to, TimeSpan dayOffset)
    {
        await FollowPolicy();
        return _book.Series(interval, from, to, dayOffset);
    }

    public ValueTask<ShopRisks> GetRisks() => ValueTask.FromResult(_book.Risks(time.GetUtcNow()));

    public async Task<long> WaitForChange(long knownVersion, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        await FollowPolicy();
        if (Version == knownVersion)
        {
            try
            {
                await _changed.Task.WaitAsync(maxWait, ShopFactsPublisher.WallClock, cancellationToken);
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException)
            {
                // Nothing changed, or the caller left: the same version goes back.
            }
        }

        return Version;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _changed.TrySetResult(); // release long-polls at once: their next call reaches the next activation
        registry.Remove(ShopId, this);
        return Task.CompletedTask;
    }

    public Task<ShopRebuildResult> Rebuild() => Load(initial: false, everything: true);

    public Task<ShopRebuildResult> Reconcile() => Load(initial: false, everything: false);

    /// <summary>
    /// Reads the shop's entities back and takes their facts as the truth.
    /// </summary>
    /// <param name="initial">Filling a new activation: what it reads is not a correction of anything.</param>
    /// <param name="everything">
    /// False for the periodic reconciliation. Where the change log can be read by shop (durable mode), it re-reads only
    /// the orders whose changes since its last pass the book is behind on: nothing, when the stream lost nothing,
    /// whatever the shop's history. Elsewhere it re-reads the orders the book does not have as settled and those with a
    /// refund open, so its cost follows the open work (a refund asked for after its order completed reaches the book by
    /// the stream, or by the next full rebuild).
    /// </param>
    private async Task<ShopRebuildResult> Load(bool initial, bool everything)
    {
        IReadOnlyList<string> orderIds;
        long? through;
        if (!everything && _checkedThrough is { } after)
        {
            (orderIds, through) = await Behind(after);
        }
        else
        {
            // Taken before the reads: whatever changes from here on, the next pass checks against the book.
            through = changes.IndexedByShop ? await changes.Latest(CancellationToken.None) : null;
            var open = everything ? null : _book.OpenRefunds.Select(r => r.OrderId).ToHashSet(StringComparer.Ordinal);
            orderIds = [.. (await directory.List(ShopId, ShopEntityKind.Order)).Where(id => everything || !_book.IsOrderSettled(id) || open!.Contains(id))];
        }

        var corrections = 0;
        var refunds = 0;
        var unread = await ForEachBatch(orderIds, id => GrainFactory.GetGrain<IOrderGrain>(id).GetFacts(), facts =>
        {
            refunds += facts.Refunds.Length;
            foreach (var refund in facts.Refunds)
            {
                corrections += Changed(_book.Correct(refund));
            }

            corrections += Changed(_book.Correct(facts.Order));
        });

        // An order that could not be read keeps the cursor where it was, so the next pass looks at it again.
        if (unread == 0)
        {
            _checkedThrough = through;
        }

        _lastRebuildAt = time.GetUtcNow();
        _lastRebuildCorrections = corrections;
        if (!everything)
        {
            RefundClusterMeter.ReconcilePasses.Add(1);
            RefundClusterMeter.ReconcileReads.Add(orderIds.Count);
        }

        if (corrections > 0 && !initial)
        {
            RefundClusterMeter.AggregatorCorrections.Add(corrections);
        }

        return new ShopRebuildResult(refunds, orderIds.Count, corrections);
    }

    /// <summary>The orders with a change after <paramref name="after"/> that the book holds an older version of, and the cursor read up to.</summary>
    private async Task<(IReadOnlyList<string> OrderIds, long Through)> Behind(long after)
    {
        const int page = 1_000;
        var behind = new HashSet<string>(StringComparer.Ordinal);
        var shop = ImmutableArray.Create(ShopId);
        while (true)
        {
            var changed = await changes.Read(new ChangeQuery(after, shop, [], page), CancellationToken.None);
            foreach (var change in changed)
            {
                var known = change.RefundId is { } refundId ? _book.VersionOf(refundId) : _book.OrderVersionOf(change.OrderId);
                if (known is null || known < change.Version)
                {
                    behind.Add(change.OrderId);
                }

                after = change.Cursor;
            }

            if (changed.Count < page)
            {
                return ([.. behind], after);
            }
        }
    }

    public ValueTask<ShopAggregatorStatus> GetStatus() => ValueTask.FromResult(new ShopAggregatorStatus
    {
        ShopId = ShopId, Version = Version, Refunds = _book.RefundCount, Orders = _book.OrderCount,
        MessagesApplied = _applied, MessagesIgnored = _ignored, LastRebuildAt = _lastRebuildAt,
        LastRebuildCorrections = _lastRebuildCorrections,
    });

    public ValueTask<int?> GetRefundVersion(string refundId) => ValueTask.FromResult(_book.VersionOf(refundId));

    /// <returns>1 if the fact was news to the book.</returns>
    private int Apply(RefundFact? refund, OrderFact? order) =>
        Changed((refund is not null && _book.Apply(refund)) | (order is not null && _book.Apply(order)));

    /// <returns>1 if the book changed (and wakes the long-polls), else 0.</returns>
    private int Changed(bool changed)
    {
        if (!changed)
        {
            _ignored++;
            return 0;
        }

        _applied++;
        Wake();
        return 1;
    }

    private void Wake()
    {
        var waiting = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting.TrySetResult();
    }

    /// <summary>
    /// Reads the figures under the shop's current quality-reason list; a changed list is a new version (and wakes the
    /// long-polls). The policy unreadable (its grain's silo lost a moment ago): the last list stays until the next read.
    /// </summary>
    private async ValueTask FollowPolicy()
    {
        ShopPolicy policy;
        try
        {
            policy = await policies.Get(ShopId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogDebug(e, "Shop {ShopId}: policy unreadable; its metrics keep the quality reasons they had", ShopId);
            return;
        }

        if (_book.Redefine(MetricsDefinition.Of(policy)))
        {
            Wake();
        }
    }

    /// <returns>How many entities could not be read.</returns>
    private async Task<int> ForEachBatch<T>(IReadOnlyList<string> ids, Func<string, ValueTask<T?>> read, Action<T> apply)
        where T : class
    {
        var unread = 0;
        var batch = Math.Max(1, options.Value.RebuildConcurrency);
        for (var i = 0; i < ids.Count; i += batch)
        {
            var facts = await Task.WhenAll(ids.Skip(i).Take(batch).Select(id => ReadOne(id)));
            foreach (var fact in facts)
            {
                if (fact is not null)
                {
                    apply(fact);
                }
            }
        }

        return unread;

        async Task<T?> ReadOne(string id)
        {
            try
            {
                return await read(id);
            }
            catch (Exception e)
            {
                // One unreadable entity must not cost the shop its other numbers; the next reconciliation retries it.
                logger.LogWarning(e, "Shop {ShopId}: reading {Id} for the metrics failed; skipped until the next reconciliation", ShopId, id);
                unread++; // the grain's turns run one at a time: no race
                return null;
            }
        }
    }

    private async Task ReportToLeaderboard(CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return; // deactivating or shutting down: the next activation reports
        }

        await FollowPolicy();
        var now = time.GetUtcNow();
        if (Version == _reportedVersion && now - _reportedAt < options.Value.LeaderboardHeartbeat)
        {
            return;
        }

        var day = _book.Compute(MetricWindow.OneDay, now);
        if (day.PaidOrders > 0 || day.Refunds > 0 || day.Ended > 0)
        {
            // A shop with figures on the 24 h leaderboard keeps its aggregator, so that its line stays fresh.
            DelayDeactivation(KeepWhileOnLeaderboard);
        }

        var completed = day.Completion.Values.Sum(c => c.Count);
        try
        {
            await GrainFactory.Reference<ILeaderboardShardGrain>(LeaderboardShards.Of(ShopId)).Report(new ShopSummary
            {
                ShopId = ShopId, AsOf = now, PaidOrders = day.PaidOrders, Refunds = day.Refunds, RefundRate = day.RefundRate,
                RefusalRate = day.RefusalRate, SelfCompletionRate = day.SelfCompletionRate, DisputeRefundRate = day.DisputeRefundRate,
                ZeroSecondShare = day.ZeroSecondShare,
                AverageCompletionSeconds = completed == 0 ? null : day.Completion.Values.Sum(c => c.AverageSeconds * c.Count) / completed,
            });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The leaderboard is a view: a missed report (a silo shutting down, a shard moving) is sent again next tick.
            logger.LogDebug(e, "Leaderboard report of shop {ShopId} failed; retried on the next tick", ShopId);
            return;
        }

        _reportedVersion = Version;
        _reportedAt = now;
    }
}
