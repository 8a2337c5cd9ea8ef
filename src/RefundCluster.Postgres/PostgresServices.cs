using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Payouts;

namespace RefundCluster.Postgres;

public static class PostgresServices
{
    /// <summary>Registers the PostgreSQL deadline index, payout table and simulated gateway books.</summary>
    public static IServiceCollection AddRefundClusterPostgres(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.AddSingleton<IDeadlineStore, PostgresDeadlineStore>();
        services.AddSingleton<IPayoutStore, PostgresPayoutStore>();
        services.AddSingleton<IGatewayLedger, PostgresGatewayLedger>();
        return services;
    }
}
