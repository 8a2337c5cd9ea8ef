using Microsoft.AspNetCore.Diagnostics;
using RefundCluster.Grains.Telemetry;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Any endpoint whose work fails on an infrastructure fault (<see cref="InfrastructureFaults"/>: PostgreSQL down or
/// restarting, a silo lost, a call timed out) answers 503 problem+json <c>cluster.unavailable</c> with
/// <c>Retry-After</c>, like the event endpoints do; anything else stays the framework's 500.
/// </summary>
public sealed partial class UnavailableExceptionHandler(EventAdmission admission, ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!InfrastructureFaults.Is(exception) || context.Response.HasStarted)
        {
            return false;
        }

        if (_log.ShouldWrite(out var leftOut))
        {
            LogUnavailable(context.Request.Method, context.Request.Path, exception.GetType().Name, exception.Message, leftOut);
        }
        await Problems.ToResult(ApiErrors.Unavailable, context, retryAfterSeconds: admission.RetryAfterSeconds).ExecuteAsync(context);
        return true;
    }

    private readonly LogThrottle _log = new(TimeProvider.System, LogThrottle.DefaultWindow);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503 cluster.unavailable: {Fault}: {Detail} ({LeftOut} more like it left out of the log since the last line)")]
    private partial void LogUnavailable(string method, string path, string fault, string detail, long leftOut);
}
