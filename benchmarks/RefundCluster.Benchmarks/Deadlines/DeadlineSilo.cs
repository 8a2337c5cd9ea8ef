using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RefundCluster.Benchmarks.Hosting;
using RefundCluster.Benchmarks.Measurement;
using RefundCluster.Grains.Deadlines;

namespace RefundCluster.Benchmarks.Deadlines;

/// <summary>
/// The deadline benchmarks' silo: the production wiring (<see cref="ProductionSilo.Build"/>) in memory mode, or on
/// PostgreSQL (membership, reminders, grain state and the deadline store), on the options' ports, with the default
/// <see cref="DeadlineOptions"/> (only <c>--removal-linger</c> overrides one) and the deadline store, whichever it is,
/// wrapped in a <see cref="TimedDeadlineStore"/>.
/// </summary>
public static class DeadlineSilo
{
    public const string ClusterId = "refundcluster-bench";

    public static IHost Build(DeadlineBenchmarkOptions options)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RefundCluster:Storage"] = options.Storage == BenchmarkStorage.Postgres ? "PostgreSql" : "Memory",
            ["RefundCluster:ClusterId"] = ClusterId,
            // Keys the reminders in the shared benchmark database apart from any other cluster's.
            ["RefundCluster:ServiceId"] = ClusterId,
            ["RefundCluster:SiloPort"] = options.SiloPort.ToString(CultureInfo.InvariantCulture),
            ["RefundCluster:GatewayPort"] = options.GatewayPort.ToString(CultureInfo.InvariantCulture),
            ["ConnectionStrings:RefundCluster"] = options.ConnectionString,
        };
        return ProductionSilo.Build(settings, services =>
        {
            if (options.RemovalLinger is { } linger)
            {
                services.Configure<DeadlineOptions>(d => d.RemovalLinger = linger);
            }

            // Time every store call: replace the registered store (memory or PostgreSQL) by a timing wrapper around it.
            var real = services.Last(d => d.ServiceType == typeof(IDeadlineStore));
            services.RemoveAll<IDeadlineStore>();
            services.AddSingleton(sp => new TimedDeadlineStore(real.ImplementationType is { } type
                ? (IDeadlineStore)ActivatorUtilities.CreateInstance(sp, type)
                : (IDeadlineStore)real.ImplementationFactory!(sp)));
            services.AddSingleton<IDeadlineStore>(sp => sp.GetRequiredService<TimedDeadlineStore>());
        });
    }
}
