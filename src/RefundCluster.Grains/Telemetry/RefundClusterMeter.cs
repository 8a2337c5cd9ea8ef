using System.Diagnostics.Metrics;

namespace RefundCluster.Grains.Telemetry;

/// <summary>
/// The cluster's own instruments (System.Diagnostics.Metrics; the host exports them with OpenTelemetry). Names follow
/// OpenTelemetry conventions; Prometheus shows them as refundcluster_events_ingested_total and so on.
/// </summary>
public static class RefundClusterMeter
{
    public const string Name = "RefundCluster";

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> EventsIngested =
        Meter.CreateCounter<long>("refundcluster.events.ingested", "{event}", "Integrator events answered, by entity and outcome.");

    public static readonly Counter<long> Transitions =
        Meter.CreateCounter<long>("refundcluster.transitions", "{transition}", "Domain events applied to orders and refunds, by action.");

    public static readonly Counter<long> AutomaticActions =
        Meter.CreateCounter<long>("refundcluster.refunds.automatic", "{action}", "Refund steps taken by a shop automation or a platform timer.");

    public static readonly Histogram<double> DeadlineLateness =
        Meter.CreateHistogram<double>("refundcluster.deadline.lateness", "ms", "How long after its due time a deadline was dispatched to its order or refund (real milliseconds, also under the demo clock).");

    public static readonly Histogram<double> StreamLag =
        Meter.CreateHistogram<double>("refundcluster.stream.lag", "ms", "From publishing a transition to its shop aggregator applying it.");

    public static readonly Counter<long> StreamPublishFailures =
        Meter.CreateCounter<long>("refundcluster.stream.publish_failures", "{message}", "Transitions the stream refused (queue full); retried, then repaired by reconciliation.");

    public static readonly Counter<long> PayoutsRecorded =
        Meter.CreateCounter<long>("refundcluster.payouts.recorded", "{payout}", "Payout rows committed (a refund ended refunded): the gateway owes each one payment.");

    public static readonly Counter<long> PayoutsPaid =
        Meter.CreateCounter<long>("refundcluster.payouts.paid", "{payout}", "Payouts the gateway acknowledged and that were marked paid; recorded minus paid over a window is the backlog.");

    public static readonly Counter<long> PayoutAttemptsFailed =
        Meter.CreateCounter<long>("refundcluster.payouts.failed_attempts", "{attempt}", "Gateway calls that failed; the payout is retried after PayoutOptions.RetryDelay.");

    public static readonly Counter<long> AggregatorCorrections =
        Meter.CreateCounter<long>("refundcluster.metrics.corrections", "{fact}", "Facts a rebuild found missing or stale in a shop aggregator.");

    public static readonly Counter<long> ReconcilePasses =
        Meter.CreateCounter<long>("refundcluster.metrics.reconcile_passes", "{pass}", "Periodic reconciliation passes of the shop aggregators (and those after a silo loss).");

    public static readonly Counter<long> ReconcileReads =
        Meter.CreateCounter<long>("refundcluster.metrics.reconcile_reads", "{order}", "Orders those passes read back from their grains: in durable mode only the ones the change log shows the book is behind on.");
}
