using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Orders;
using RefundCluster.Grains.Payouts;

namespace RefundCluster.Postgres;

public static class PostgresServices
{
    /// <summary>
    /// Registers the PostgreSQL deadline index, payout table and simulated gateway books. The shop directory comes with
    /// the grain storage (<see cref="AddRefundClusterGrainStorage"/>): the <c>shop_id</c> column of each state row.
    /// </summary>
    public static IServiceCollection AddRefundClusterPostgres(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<IDeadlineStore, PostgresDeadlineStore>();
        services.AddSingleton<IPayoutStore, PostgresPayoutStore>();
        services.AddSingleton<IGatewayLedger, PostgresGatewayLedger>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="PostgresGrainStorage"/> (group commit) as the named grain storage; it records each entity's
    /// shop, refund ids, next wake-up and payouts with its state, so it also serves as the shop directory, the refund
    /// locator, the entities' deadline index and the payout outbox.
    /// </summary>
    public static IServiceCollection AddRefundClusterGrainStorage(this IServiceCollection services, string storageName) =>
        services
            .AddSingleton<IShopDirectory, GrainStateShopDirectory>()
            .AddSingleton<IRefundLocator, GrainStateRefundLocator>()
            .AddSingleton(new GrainStorageOutbox(RecordsPayouts: true, RecordsChanges: true))
            .AddSingleton<Grains.Changes.IChangeLog, PostgresChangeLog>()
            .AddSingleton<Grains.Recording.IRecording, PostgresRecording>()
            .AddGrainStorage(storageName, (sp, name) => new PostgresGrainStorage(
                name,
                sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
                sp.GetRequiredService<NpgsqlDataSource>(),
                sp.GetRequiredService<IGrainStorageSerializer>(),
                sp.GetRequiredService<IOptions<DeadlineOptions>>().Value,
                sp.GetRequiredService<PayoutRecorder>(),
                sp.GetRequiredService<ILogger<PostgresGrainStorage>>()));
}
