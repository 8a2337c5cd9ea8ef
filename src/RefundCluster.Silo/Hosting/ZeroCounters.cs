using RefundCluster.Grains.Telemetry;
using RefundCluster.Silo.Api;

namespace RefundCluster.Silo.Hosting;

/// <summary>
/// The counters that stay at zero in a healthy cluster (events shed or timed out, stream publications refused, metric
/// corrections, payouts and their failed attempts) are exported at 0 from the start, not only after their first occurrence: an alert on their rate then
/// sees a series (a missing one reads as "no data", never as 0) and a dashboard draws the zero line. Recorded once the
/// host has started, when OpenTelemetry listens (a measurement before that is dropped).
/// </summary>
public sealed class ZeroCounters(EventAdmission admission, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            admission.PublishZeroes();
            RefundClusterMeter.StreamPublishFailures.Add(0);
            RefundClusterMeter.AggregatorCorrections.Add(0);
            RefundClusterMeter.PayoutsRecorded.Add(0);
            RefundClusterMeter.PayoutsPaid.Add(0);
            RefundClusterMeter.PayoutAttemptsFailed.Add(0);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
