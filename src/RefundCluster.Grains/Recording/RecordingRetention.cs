using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RefundCluster.Grains.Recording;

/// <summary>Deletes recording lines older than <see cref="RecordingOptions.Retention"/>, every <see cref="RecordingOptions.SweepInterval"/>.</summary>
public sealed class RecordingRetention(
    IRecording recording,
    IOptions<RecordingOptions> options,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider time,
    ILogger<RecordingRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var forgotten = await recording.Forget(time.GetUtcNow() - options.Value.Retention, stoppingToken);
                if (forgotten > 0)
                {
                    logger.LogInformation("Recording: {Count} lines older than {Retention} deleted", forgotten, options.Value.Retention);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next sweep deletes what this one could not (the database may be restarting).
                logger.LogWarning(e, "Recording: deleting old lines failed; retried in {Interval}", options.Value.SweepInterval);
            }
        }
    }
}
