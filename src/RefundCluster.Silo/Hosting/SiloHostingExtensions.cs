using Orleans.Serialization;
using RefundCluster.Contracts;
using RefundCluster.Grains;
using RefundCluster.Grains.Deadlines;

namespace RefundCluster.Silo.Hosting;

public static class SiloHostingExtensions
{
    /// <summary>
    /// The embedded default: one silo on loopback, in-memory grain storage and reminders. Needs nothing else.
    /// </summary>
    public static WebApplicationBuilder AddRefundCluster(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RefundClusterOptions.Section).Get<RefundClusterOptions>() ?? new RefundClusterOptions();
        builder.Services.Configure<RefundClusterOptions>(builder.Configuration.GetSection(RefundClusterOptions.Section));
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.HttpPort}");

        builder.Services.Configure<DeadlineOptions>(builder.Configuration.GetSection(DeadlineOptions.Section));
        builder.Services.PostConfigure<DeadlineOptions>(d => d.TimeScale = options.TimeScale);
        if (options.TimeScale != 1)
        {
            // Only the grains' clock (domain time and grain timers) runs fast: membership, messaging and the
            // reminder service keep real time, or their own timeouts would fire thousands of times too early.
            builder.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, new ScaledTimeProvider(options.TimeScale));
        }

        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
            silo.AddMemoryGrainStorage(StorageNames.Entities);
            silo.UseSystemTextJsonGrainStorageSerializer();
            silo.UseInMemoryReminderService();
            silo.Services.AddSerializer(serializer => serializer.AddRefundClusterContracts());
        });
        return builder;
    }
}
