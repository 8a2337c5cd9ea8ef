using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;
using RefundCluster.Grains;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Orders;
using RefundCluster.Grains.Payouts;
using RefundCluster.Hosting;

namespace RefundCluster.Cluster.Tests.Support;

/// <summary>
/// An in-process cluster configured by the real silo's wiring (SiloHostingExtensions.ConfigureRefundClusterSilo: streams,
/// the contracts' codec, JSON grain state, activation age, directory cache), with memory storage named
/// <see cref="StorageNames.Entities"/> (storage grains, shared by the silos) and in-memory reminders. Grain timers,
/// reminders and the grains' clock follow one shared <see cref="FakeTimeProvider"/>; membership, messaging and the
/// runtime's own timers stay on the real clock so that fake jumps cannot time them out.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    /// <summary>A Monday, 10:00 in the shops' UTC+8 (inside working hours, though off-hours refunds are off by default).</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    private static readonly string[] InfrastructureClocks =
    [
        TimeProviderNames.Membership, TimeProviderNames.SystemTimers, TimeProviderNames.Messaging,
        TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory,
        Orleans.Streams.StreamingTimeProviderNames.Streaming,
    ];

    public FakeTimeProvider Time { get; } = new(Epoch);

    public MemoryDeadlineStore Deadlines { get; } = new();

    public MemoryPayoutStore Payouts { get; } = new();

    public MemoryShopDirectory Directory { get; } = new();

    public MemoryRefundLocator Locator { get; } = new();

    /// <summary>Shop-metrics settings of this fixture's silos (a fixture may drop stream messages on purpose).</summary>
    protected virtual void ConfigureShopMetrics(ShopMetricsOptions options)
    {
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    protected virtual short SiloCount => 1;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(SiloCount);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(StorageNames.Entities);
            silo.UseInMemoryReminderService();
            // Deadline shards' reminders tick every DeadlineOptions.ReminderPeriod (1 min); keep the floor well below it.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            silo.Services.AddSingleton<TimeProvider>(Time);
            // Every silo of the in-process cluster shares one deadline index, payout table, shop directory and refund locator, as they share a database.
            silo.Services.AddSingleton<IDeadlineStore>(Deadlines);
            silo.Services.AddSingleton<IPayoutStore>(Payouts);
            silo.Services.AddSingleton<IShopDirectory>(Directory);
            silo.Services.AddSingleton<IRefundLocator>(Locator);
            silo.Services.Configure<ShopMetricsOptions>(ConfigureShopMetrics);
            silo.Services.AddRefundClusterGrainServices();
            silo.ConfigureRefundClusterSilo(new RefundClusterOptions());
            foreach (var key in InfrastructureClocks)
            {
                silo.Services.AddKeyedSingleton<TimeProvider>(key, TimeProvider.System);
            }

            // Any other keyed clock of the runtime (stream agents and caches among them) keeps real time too; only the
            // grains' clock and the reminder service follow the fake.
            silo.Services.AddKeyedSingleton<TimeProvider>(KeyedService.AnyKey, (_, _) => TimeProvider.System);
            silo.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, (sp, _) => sp.GetRequiredService<TimeProvider>());
            silo.Services.AddKeyedSingleton<TimeProvider>(Orleans.Reminders.ReminderTimeProviderNames.Reminders, (sp, _) => sp.GetRequiredService<TimeProvider>());
        });
        builder.ConfigureClient(client => client.Services.AddSerializer(serializer => serializer.AddRefundClusterContracts()));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }

    /// <summary>
    /// The stream pulling agents poll their queues on a grain timer (the grains' clock, here the fake): a test waiting
    /// for a delivery moves the clock by this much between polls.
    /// </summary>
    public static readonly TimeSpan StreamPollStep = TimeSpan.FromMilliseconds(100);

    /// <summary>Moves the shared clock; due grain timers and reminders are triggered synchronously by the fake.</summary>
    public void Advance(TimeSpan by) => Time.Advance(by);

    /// <summary>Whether any silo currently holds an activation of the grain.</summary>
    public bool IsActive(IAddressable grain) => Cluster.TryGetGrainContext(grain.GetGrainId(), out _);
}

/// <summary>The same cluster with two silos, so that orders, refunds and policies are spread over both.</summary>
public sealed class TwoSiloClusterFixture : ClusterFixture
{
    protected override short SiloCount => 2;
}
