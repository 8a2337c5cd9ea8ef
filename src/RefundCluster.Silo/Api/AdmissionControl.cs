using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace RefundCluster.Silo.Api;

/// <summary>A bounded concurrency limiter with a bounded queue in front of the event endpoints (ASP.NET Core rate limiting).</summary>
public static class AdmissionControl
{
    public static IServiceCollection AddAdmissionControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AdmissionOptions>(configuration.GetSection(AdmissionOptions.Section));
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(AdmissionOptions.PolicyName, context =>
            {
                var o = context.RequestServices.GetRequiredService<IOptions<AdmissionOptions>>().Value;
                return RateLimitPartition.GetConcurrencyLimiter("events", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = o.MaxInFlight, QueueLimit = o.QueueLimit, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                var o = http.RequestServices.GetRequiredService<IOptions<AdmissionOptions>>().Value;
                var problem = Problems.ToResult(ApiErrors.Overloaded(o.RetryAfterSeconds), http);
                http.Response.Headers.RetryAfter = o.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await problem.ExecuteAsync(http);
            };
        });
        return services;
    }
}
