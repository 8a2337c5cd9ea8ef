using Orleans.Dashboard;
using RefundCluster.Hosting;

namespace RefundCluster.Silo.Hosting;

public static class WebHostingExtensions
{
    /// <summary>
    /// Hosts the silo (<see cref="SiloHostingExtensions.AddRefundClusterSilo"/>) in this web app, which listens on
    /// <see cref="RefundClusterOptions.HttpHost"/>:<see cref="RefundClusterOptions.HttpPort"/> and, unless turned off,
    /// carries the Orleans Dashboard's profiler (its pages are mounted by <see cref="SiloApp"/>).
    /// </summary>
    public static WebApplicationBuilder AddRefundCluster(this WebApplicationBuilder builder)
    {
        var options = RefundClusterOptions.From(builder.Configuration);
        builder.WebHost.UseUrls($"http://{options.HttpHost}:{options.HttpPort}");
        builder.AddRefundClusterSilo((silo, o) =>
        {
            if (o.OrleansDashboard)
            {
                silo.AddDashboard();
            }
        });
        return builder;
    }
}
