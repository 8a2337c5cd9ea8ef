using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using RefundCluster.Contracts;
using RefundCluster.Grains;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Orders;
using RefundCluster.Grains.Payouts;
using RefundCluster.Postgres;

namespace RefundCluster.Hosting;

/// <summary>
/// The one wiring of a RefundCluster silo, whatever hosts it: the silo web app (RefundCluster.Silo, and through it the
/// load tool's embedded target and the HTTP tests), the benchmarks' generic hosts, and (its silo-level part,
/// <see cref="ConfigureRefundClusterSilo"/>) the in-process test clusters, which bring their own membership and storage.
/// </summary>
public static class SiloHostingExtensions
{
    /// <summary>The ADO.NET provider invariant the Orleans providers resolve to Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Set from the downward API (the same name as Orleans.Hosting.Kubernetes reads).</summary>
    public const string KubernetesPodIpVariable = Orleans.Hosting.Kubernetes.KubernetesHostingOptions.PodIPEnvironmentVariable;

    /// <summary>
    /// Hosts the silo in this host, configured from its configuration (<see cref="RefundClusterOptions"/> and the
    /// sections of the grains' options). The default is one embedded silo on loopback with everything in memory; with
    /// <c>Storage = PostgreSql</c> it joins a real cluster whose membership, state and reminders live in PostgreSQL.
    /// </summary>
    /// <param name="configureSilo">What this host adds to the silo (the web app: the Orleans Dashboard), after the rest.</param>
    public static IHostApplicationBuilder AddRefundClusterSilo(this IHostApplicationBuilder builder, Action<ISiloBuilder, RefundClusterOptions>? configureSilo = null)
    {
        var options = RefundClusterOptions.From(builder.Configuration);
        builder.Services.Configure<RefundClusterOptions>(builder.Configuration.GetSection(RefundClusterOptions.Section));
        // Time for a stopping silo to leave the membership gracefully and hand its grains over; an orchestrator's
        // grace period must be longer (deploy/kubernetes sets 90 s). DOTNET_SHUTDOWNTIMEOUTSECONDS still overrides it.
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = h.ShutdownTimeout > TimeSpan.FromSeconds(30) ? h.ShutdownTimeout : TimeSpan.FromSeconds(60));

        builder.Services.Configure<DeadlineOptions>(builder.Configuration.GetSection(DeadlineOptions.Section));
        builder.Services.PostConfigure<DeadlineOptions>(d => d.TimeScale = options.TimeScale);
        if (options.TimeScale != 1)
        {
            // Only the grains' clock (domain time and grain timers) runs fast: membership, messaging and the
            // reminder service keep real time, or their own timeouts would fire thousands of times too early.
            builder.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, new ScaledTimeProvider(options.TimeScale, epoch: options.TimeScaleEpoch));
        }

        var connectionString = options.Storage == StorageMode.PostgreSql
            ? builder.Configuration.GetConnectionString(RefundClusterOptions.ConnectionStringName)
              ?? throw new InvalidOperationException(
                  $"Storage is {StorageMode.PostgreSql} but no connection string is set: set ConnectionStrings__{RefundClusterOptions.ConnectionStringName} or --connection.")
            : null;

        builder.Services.Configure<PayoutOptions>(builder.Configuration.GetSection(PayoutOptions.Section));
        builder.Services.Configure<RefundCluster.Grains.Webhooks.WebhookOptions>(builder.Configuration.GetSection(RefundCluster.Grains.Webhooks.WebhookOptions.Section));
        builder.Services.Configure<RefundCluster.Grains.Changes.ChangeLogOptions>(builder.Configuration.GetSection(RefundCluster.Grains.Changes.ChangeLogOptions.Section));
        builder.Services.Configure<RefundCluster.Grains.Recording.RecordingOptions>(builder.Configuration.GetSection(RefundCluster.Grains.Recording.RecordingOptions.Section));
        builder.Services.Configure<SimulatedGatewayOptions>(builder.Configuration.GetSection(SimulatedGatewayOptions.Section));
        builder.Services.Configure<ShopMetricsOptions>(builder.Configuration.GetSection(ShopMetricsOptions.Section));
        builder.Services.PostConfigure<ShopMetricsOptions>(m =>
        {
            // Aggregator timers run on the grains' clock: keep their periods in real time under the demo clock.
            var longest = TimeSpan.FromDays(40);
            m.ReconcileInterval = TimeSpan.FromTicks(Math.Min(longest.Ticks, (long)(m.ReconcileInterval.Ticks * options.TimeScale)));
            m.LeaderboardInterval *= options.TimeScale;
            m.LeaderboardHeartbeat *= options.TimeScale;
        });
        var shopMetrics = builder.Configuration.GetSection(ShopMetricsOptions.Section).Get<ShopMetricsOptions>() ?? new ShopMetricsOptions();
        if (connectionString is not null)
        {
            builder.Services.AddRefundClusterPostgres(connectionString);
        }

        builder.Services.AddRefundClusterGrainServices();

        // Mutual TLS on the silo and gateway ports; checked on start, so a silo that peers would refuse says why.
        var tlsSection = builder.Configuration.GetSection(SiloTlsOptions.Section);
        var tls = tlsSection.Get<SiloTlsOptions>() ?? new SiloTlsOptions();
        builder.Services.AddOptions<SiloTlsOptions>().Bind(tlsSection).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SiloTlsOptions>>(sp => new SiloTlsOptionsValidator(sp.GetService<TimeProvider>() ?? TimeProvider.System));

        builder.UseOrleans(silo =>
        {
            if (connectionString is null)
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
                // One silo: its states live in this process (no storage grains to queue behind).
                silo.Services.AddProcessMemoryGrainStorage(StorageNames.Entities);
                silo.UseInMemoryReminderService();
            }
            else
            {
                UsePostgres(silo, options, connectionString);
            }

            if (tls.Enabled)
            {
                // Inbound silo and gateway connections (server side) and outbound silo connections (client side).
                silo.UseTls(t => ClusterCertificates.ConfigureSilo(t, tls));
            }

            silo.AddRefundClusterMembership(builder.Configuration);
            silo.ConfigureRefundClusterSilo(options, shopMetrics);
            configureSilo?.Invoke(silo, options);
        });
        return builder;
    }

    /// <summary>
    /// What every RefundCluster silo shares, however it is clustered and where its grains' state lives: the shop event
    /// streams, the contracts' serializer and JSON grain state, how long idle orders stay activated and how many grain
    /// locations are cached. The grains' services (<see cref="GrainServices.AddRefundClusterGrainServices"/>) are
    /// registered by the caller, before the silo's own (their hosted services start first and stop last).
    /// </summary>
    public static ISiloBuilder ConfigureRefundClusterSilo(this ISiloBuilder silo, RefundClusterOptions options, ShopMetricsOptions? shopMetrics = null)
    {
        silo.AddRefundClusterStreams(shopMetrics, options.TimeScale);
        silo.Configure<GrainCollectionOptions>(c => c.ClassSpecificCollectionAge[typeof(OrderGrain).FullName!] = options.OrderIdleAge);
        silo.Configure<GrainDirectoryOptions>(d => d.CacheSize = options.DirectoryCacheSize);
        silo.UseSystemTextJsonGrainStorageSerializer();
        silo.Services.AddSerializer(serializer => serializer.AddRefundClusterContracts());
        return silo;
    }

    private static void UsePostgres(ISiloBuilder silo, RefundClusterOptions options, string connectionString)
    {
        // Under Kubernetes, ORLEANS_CLUSTER_ID / ORLEANS_SERVICE_ID (when set) override these.
        silo.Configure<ClusterOptions>(c => { c.ClusterId = options.ClusterId; c.ServiceId = options.ServiceId; });
        if (options.Kubernetes)
        {
            silo.UseKubernetesHosting();
            // The package fills the advertised address from POD_IP only if nothing set it, but Orleans' defaults pick
            // an interface address first (dotnet/orleans#7456): set it from POD_IP explicitly.
            silo.Configure<EndpointOptions>(e =>
            {
                e.SiloPort = options.SiloPort;
                e.GatewayPort = options.GatewayPort;
                if (IPAddress.TryParse(Environment.GetEnvironmentVariable(KubernetesPodIpVariable), out var podIp))
                {
                    e.AdvertisedIPAddress = podIp;
                }
            });
        }
        else
        {
            silo.ConfigureEndpoints(IPAddress.Parse(options.SiloAddress), options.SiloPort, options.GatewayPort);
        }

        silo.UseAdoNetClustering(o => { o.Invariant = PostgresInvariant; o.ConnectionString = connectionString; });
        // Our storage, not Orleans' stock ADO.NET one: it writes an entity's state, next wake-up and payout in one
        // statement, and many grains' writes share one commit.
        silo.Services.AddRefundClusterGrainStorage(StorageNames.Entities);

        silo.UseAdoNetReminderService(o => { o.Invariant = PostgresInvariant; o.ConnectionString = connectionString; });
    }
}
