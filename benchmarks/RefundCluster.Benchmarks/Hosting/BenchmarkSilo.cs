using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using RefundCluster.Benchmarks.Deadlines;
using RefundCluster.Benchmarks.Measurement;
using RefundCluster.Contracts;
using RefundCluster.Grains;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Postgres;

namespace RefundCluster.Benchmarks.Hosting;

/// <summary>
/// One in-process silo configured like RefundCluster.Silo (SiloHostingExtensions.AddRefundCluster): localhost
/// clustering and in-memory reminders, or ADO.NET clustering and reminders on PostgreSQL with the PostgreSQL deadline
/// store; grain storage in memory either way (no grain of the deadline benchmarks stores a state: the shards keep
/// their entries in the deadline store, the probes nothing). The grains keep the default (system) clock and the default
/// <see cref="DeadlineOptions"/> (only <c>--removal-linger</c> overrides one). The deadline store is wrapped in a
/// <see cref="TimedDeadlineStore"/>.
/// </summary>
public static class BenchmarkSilo
{
    public const string PostgresInvariant = "Npgsql";
    public const string ClusterId = "refundcluster-bench";
    public const string ServiceId = "refundcluster-bench";

    public static IHost Build(DeadlineBenchmarkOptions options)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = false });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(c => { c.SingleLine = true; c.TimestampFormat = "HH:mm:ss.fff "; });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var postgres = options.Storage == BenchmarkStorage.Postgres;
        if (postgres)
        {
            builder.Services.AddRefundClusterPostgres(options.ConnectionString);
        }

        builder.Services.AddRefundClusterGrainServices();
        if (options.RemovalLinger is { } linger)
        {
            builder.Services.Configure<DeadlineOptions>(d => d.RemovalLinger = linger);
        }

        // Time every store call: replace the registered store (memory or PostgreSQL) by a timing wrapper around it.
        var real = builder.Services.Last(d => d.ServiceType == typeof(IDeadlineStore));
        builder.Services.RemoveAll<IDeadlineStore>();
        builder.Services.AddSingleton(sp => new TimedDeadlineStore(real.ImplementationType is { } type
            ? (IDeadlineStore)ActivatorUtilities.CreateInstance(sp, type)
            : (IDeadlineStore)real.ImplementationFactory!(sp)));
        builder.Services.AddSingleton<IDeadlineStore>(sp => sp.GetRequiredService<TimedDeadlineStore>());

        builder.UseOrleans(silo =>
        {
            if (postgres)
            {
                silo.Configure<ClusterOptions>(c => { c.ClusterId = ClusterId; c.ServiceId = ServiceId; });
                silo.ConfigureEndpoints(IPAddress.Loopback, options.SiloPort, options.GatewayPort);
                silo.UseAdoNetClustering(o => { o.Invariant = PostgresInvariant; o.ConnectionString = options.ConnectionString; });
                silo.UseAdoNetReminderService(o => { o.Invariant = PostgresInvariant; o.ConnectionString = options.ConnectionString; });
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: ServiceId, clusterId: ClusterId);
                silo.UseInMemoryReminderService();
            }

            silo.AddMemoryGrainStorage(StorageNames.Entities);

            silo.AddRefundClusterStreams();

            silo.UseSystemTextJsonGrainStorageSerializer();
            silo.Services.AddSerializer(serializer => serializer.AddRefundClusterContracts());
        });

        return builder.Build();
    }
}
