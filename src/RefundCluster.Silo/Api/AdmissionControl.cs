using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Views;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Two layers in front of the event endpoints. Every credential has its own token bucket (ASP.NET Core rate limiting,
/// 429 <c>auth.rate_limited</c>), so one integrator's burst cannot starve the others; behind it, once a request's body
/// is read and parsed, <see cref="EventAdmission"/> bounds the events in progress in this silo (503
/// <c>cluster.overloaded</c>, or per batch item), so the silo sheds load within milliseconds instead of queueing it.
/// </summary>
public static class AdmissionControl
{
    public static IServiceCollection AddAdmissionControl(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AdmissionOptions>()
            .Bind(configuration.GetSection(AdmissionOptions.Section))
            .Validate(o => o.MaxEventsInFlight >= 1, "Admission:MaxEventsInFlight must be at least 1.")
            .Validate(o => o.MaxWait >= TimeSpan.Zero && o.MaxWait <= TimeSpan.FromSeconds(1), "Admission:MaxWait must be 0–1 s (a few ms is meant).")
            .Validate(o => o.RetryAfterSeconds >= 1, "Admission:RetryAfterSeconds must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<EventAdmission>();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(PerCredential);
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                var problem = Problems.ToResult(AuthErrors.RateLimited(seconds), http);
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await problem.ExecuteAsync(http);
            };
        });
        return services;
    }

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
