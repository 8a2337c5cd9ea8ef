using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace RefundCluster.Silo.Health;

/// <summary>
/// Durable mode: healthy while PostgreSQL answers <c>SELECT 1</c> on the silo's own data source within
/// <see cref="Timeout"/>. One probe runs at a time and its result is kept for <see cref="CacheTime"/>, so however often
/// readiness is asked (every pod's kubelet, load balancers, people), the database sees at most one probe a second
/// from each silo.
/// </summary>
public sealed class DatabaseHealthCheck(NpgsqlDataSource database, TimeProvider time) : IHealthCheck
{
    public const string Name = "database";

    /// <summary>Longer than this without an answer (a full pool included) is "does not answer".</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>How long a probe's result answers readiness before the database is asked again.</summary>
    public static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _probing = new(1, 1);
    private Probed? _last; // a reference, read without the semaphore: swapped whole
    private Task? _unanswered;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (Cached() is { } cached)
        {
            return cached;
        }

        await _probing.WaitAsync(cancellationToken);
        try
        {
            if (Cached() is { } probedMeanwhile)
            {
                return probedMeanwhile;
            }

            var result = await Probe(cancellationToken);
            _last = new Probed(result, time.GetTimestamp());
            return result;
        }
        finally
        {
            _probing.Release();
        }
    }

    private HealthCheckResult? Cached() =>
        _last is { } last && time.GetElapsedTime(last.At) < CacheTime ? last.Result : null;

    /// <remarks>
    /// Bounded by <see cref="Timeout"/> here, not only by the query's own token: Npgsql does not give up opening a
    /// connection to a server that accepted TCP but says nothing before its connection timeout (15 s by default). A
    /// query left running so is not started again until it ends: meanwhile the database is reported as not answering.
    /// </remarks>
    private async Task<HealthCheckResult> Probe(CancellationToken cancellationToken)
    {
        if (_unanswered is { IsCompleted: false })
        {
            return NoAnswer;
        }

        var started = time.GetTimestamp();
        var query = Query();
        try
        {
            await query.WaitAsync(Timeout, time, cancellationToken);
            return HealthCheckResult.Healthy($"database answers ({time.GetElapsedTime(started).TotalMilliseconds:F0} ms)");
        }
        catch (Exception e) when (!query.IsCompleted && (e is TimeoutException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested)))
        {
            // Still running (timed out, or the caller left): the next probe waits for it rather than start another, and
            // its fault, whenever it comes, is observed.
            _unanswered = query;
            _ = query.ContinueWith(static q => q.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            if (e is OperationCanceledException)
            {
                throw;
            }

            return NoAnswer;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The reason, not the exception: the health check service logs an unhealthy result on every probe.
            return HealthCheckResult.Unhealthy($"database does not answer: {Reason(e)}");
        }
    }

    private static HealthCheckResult NoAnswer => HealthCheckResult.Unhealthy($"database does not answer within {Timeout.TotalSeconds:F0} s");

    private async Task Query()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var command = database.CreateCommand("SELECT 1");
        command.CommandTimeout = (int)Math.Ceiling(Timeout.TotalSeconds);
        await command.ExecuteScalarAsync(timeout.Token);
    }

    /// <summary>One line: PostgreSQL's own code and message, or the innermost cause (a refused socket).</summary>
    private static string Reason(Exception e) => e switch
    {
        PostgresException postgres => $"{postgres.SqlState}: {postgres.MessageText}",
        { InnerException: { } inner } => $"{e.Message} ({inner.Message})",
        _ => e.Message,
    };

    private sealed record Probed(HealthCheckResult Result, long At);
}
