using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Payouts;

namespace RefundCluster.Grains;

public static class GrainServices
{
    /// <summary>
    /// What the grains need besides Orleans: the deadline index, payout recording and dispatch, and the (simulated)
    /// payment gateway. Stores default to memory; durable mode registers its PostgreSQL stores first.
    /// </summary>
    public static IServiceCollection AddRefundClusterGrainServices(this IServiceCollection services)
    {
        services.AddOptions<DeadlineOptions>();
        services.AddOptions<PayoutOptions>();
        services.AddOptions<SimulatedGatewayOptions>();
        services.AddOptions<ShopMetricsOptions>();
        services.TryAddSingleton<IShopDirectory, MemoryShopDirectory>();
        services.TryAddSingleton<Orders.IRefundLocator, Orders.MemoryRefundLocator>();
        services.AddSingleton<ShopFactsPublisher>();
        services.TryAddSingleton<IDeadlineStore, MemoryDeadlineStore>();
        services.TryAddSingleton<IPayoutStore, MemoryPayoutStore>();
        services.AddOptions<Changes.ChangeLogOptions>();
        services.TryAddSingleton<Changes.IChangeLog, Changes.MemoryChangeLog>();
        services.AddOptions<Recording.RecordingOptions>();
        services.TryAddSingleton<Recording.IRecording, Recording.MemoryRecording>();
        services.AddSingleton<Recording.InputRecorder>();
        services.AddHostedService<Recording.RecordingRetention>();
        services.AddOptions<Webhooks.WebhookOptions>();
        services.TryAddSingleton<Webhooks.WebhookSender>();
        services.TryAddSingleton(TimeProvider.System); // real time, where receivers check it (webhook timestamps)
        services.TryAddSingleton<IGatewayLedger, MemoryGatewayLedger>();
        services.TryAddSingleton<IPaymentGateway, SimulatedPaymentGateway>();
        services.AddSingleton<DeadlineIndex>();
        services.AddSingleton<Shops.ShopPolicyCache>();
        services.AddSingleton<PayoutSignal>();
        services.TryAddSingleton(new GrainStorageOutbox(RecordsPayouts: false));
        services.AddSingleton<PayoutRecorder>();
        services.AddHostedService<PayoutDispatcher>();
        services.AddHostedService<DeadlineSweeper>();
        services.AddHostedService<DeadlineTakeover>();
        services.AddSingleton<ShopAggregatorRegistry>();
        services.AddHostedService<AggregatorRecovery>();
        // Grain state is JSON (UseSystemTextJsonGrainStorageSerializer). Computed getters (an order's version, amounts
        // and phase, a refund's next deadline and Taobao status...) are never read back: writing them made an order's
        // row about a third larger, in serialization, in PostgreSQL's compression and on disk.
        services.Configure<SystemTextJsonGrainStorageSerializerOptions>(o => o.JsonSerializerOptions.IgnoreReadOnlyProperties = true);
        return services;
    }

    /// <summary>
    /// Registers <see cref="Storage.ProcessMemoryGrainStorage"/> as the named grain storage of a one-silo cluster; like
    /// the PostgreSQL storage, it records a refund's payout with the order's write that ends the refund.
    /// </summary>
    public static IServiceCollection AddProcessMemoryGrainStorage(this IServiceCollection services, string storageName) =>
        services
            .AddSingleton(new GrainStorageOutbox(RecordsPayouts: true, RecordsChanges: true))
            .AddGrainStorage(storageName, (sp, _) => ActivatorUtilities.CreateInstance<Storage.ProcessMemoryGrainStorage>(sp));

    /// <summary>
    /// The shop event stream: Orleans memory streams (a queue grain per partition, pulled by agents on every silo).
    /// They can lose messages with a silo; the aggregators' rebuild from the shop directory repairs that. Subscriptions
    /// are implicit, so the pub-sub store only ever sees the provider's bookkeeping.
    /// </summary>
    /// <param name="timeScale">
    /// The grains' clock speed-up (demo mode): the pulling agents' poll timer runs on that clock, so its period is
    /// scaled up by as much to keep polling at its real-time period instead of spinning.
    /// </param>
    public static ISiloBuilder AddRefundClusterStreams(this ISiloBuilder silo, ShopMetricsOptions? settings = null, double timeScale = 1)
    {
        settings ??= new ShopMetricsOptions();
        silo.AddMemoryStreams(ShopStreams.ProviderName, streams =>
        {
            streams.ConfigurePartitioning(settings.StreamQueues);
            streams.ConfigurePullingAgent(agent => agent.Configure(o =>
            {
                // Only the poll timer runs on the grains' clock; the agents' other limits are kept in real time.
                o.GetQueueMsgsTimerPeriod = settings.StreamPollPeriod * timeScale;
            }));
            // The cache keeps delivered messages for consumers that rewind; ours never do. At Orleans' defaults (kept
            // 5 to 30 minutes) it held 250 MB of facts in the soak and grew for its first half hour. Scaled like the
            // poll timer, so that the demo clock never purges a message before it is delivered.
            streams.ConfigureCacheEviction(eviction => eviction.Configure(o =>
            {
                o.DataMinTimeInCache = settings.StreamCacheAge / 2 * timeScale;
                o.DataMaxAgeInCache = settings.StreamCacheAge * timeScale;
            }));
        });
        silo.AddMemoryGrainStorage("PubSubStore");
        return silo;
    }
}
