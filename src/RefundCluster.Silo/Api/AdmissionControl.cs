using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Views;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>
/// ASP.NET Core rate limiting, two layers. Every credential has its own token bucket (429 <c>auth.rate_limited</c>), so
/// one integrator's burst cannot starve the others; behind it the event endpoints share a bounded concurrency limiter
/// with a bounded queue (503 <c>cluster.overloaded</c>), so the silo sheds load instead of queueing without bound.
/// </summary>
public static class AdmissionControl
{
    public static IServiceCollection AddAdmissionControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AdmissionOptions>(configuration.GetSection(AdmissionOptions.Section));
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(PerCredential);
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
                // Only the credential's token bucket says when to come back; the concurrency limiter never does.
                var (error, retryAfter) = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? RateLimited(wait)
                    : Overloaded(http.RequestServices.GetRequiredService<IOptions<AdmissionOptions>>().Value.RetryAfterSeconds);
                var problem = Problems.ToResult(error, http);
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture); // after: ToResult sets a default
                await problem.ExecuteAsync(http);
            };
        });
        return services;
    }

    private static (EventError, int) RateLimited(TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return (AuthErrors.RateLimited(seconds), seconds);
    }

    private static (EventError, int) Overloaded(int seconds) => (ApiErrors.Overloaded(seconds), seconds);

    private static RateLimitPartition<string> PerCredential(HttpContext context)
    {
        if (context.CredentialOrNull() is not { } credential)
        {
            // Unauthenticated requests reach only the probes and the login form; everything else is refused before.
            return RateLimitPartition.GetNoLimiter("anonymous");
        }

        var o = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var perSecond = Math.Clamp(credential.RequestsPerSecond ?? o.RequestsPerSecond, 0.01, 1e9);
        // A key with its own rate may burst to twice that rate; the others share the configured burst.
        var burst = credential.RequestsPerSecond is { } own ? Math.Max(1, (int)(2 * own)) : Math.Max(1, o.Burst);
        // About every 100 ms (or one token at a time for slow keys), with the period fitted so the rate is exact.
        var tokens = Math.Max(1, (int)Math.Round(perSecond / 10));
        var period = TimeSpan.FromSeconds(tokens / perSecond);
        return RateLimitPartition.GetTokenBucketLimiter(credential.Id, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst, TokensPerPeriod = tokens, ReplenishmentPeriod = period, QueueLimit = 0, AutoReplenishment = true,
        });
    }
}
