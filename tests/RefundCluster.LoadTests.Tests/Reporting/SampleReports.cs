using RefundCluster.LoadTests.Reporting;

namespace RefundCluster.LoadTests.Tests.Reporting;

/// <summary>A small but complete run: a warm-up and a measured step, two kinds, 30 s of timeline, a breached threshold.</summary>
internal static class SampleReports
{
    public static readonly DateTimeOffset Started = new(2025, 11, 11, 9, 30, 0, TimeSpan.Zero);

    public static RunReport Run(string scenario = "refund-burst")
    {
        StepReport[] steps =
        [
            new("warm-up", 50, 49.5, TimeSpan.FromSeconds(10), Warmup: true, Ok: 495, Errors: 0, Rejected: 0,
                new LatencySummary(4.2, 8.1, 15.5, 22.0, 31.7, 5.0),
                [new KindLatency("refund.requested", 300, 0, new LatencySummary(4.0, 8.0, 15.0, 21.0, 30.0, 4.8))]) { Iterations = 490, Events = 300 },
            new("steady-400", 400, 387.25, TimeSpan.FromSeconds(20), Warmup: false, Ok: 7700, Errors: 12, Rejected: 33,
                new LatencySummary(12.5, 48.75, 312.4, 845.0, 1204.9, 30.1),
                [
                    new KindLatency("refund.requested", 5200, 9, new LatencySummary(11.0, 45.0, 298.6, 800.0, 1204.9, 28.0)),
                    new KindLatency("query.status", 2545, 3, new LatencySummary(3.3, 9.9, 41.2, 77.7, 99.5, 5.5)),
                ]) { Iterations = 7800, Events = 5191 },
        ];

        var timeline = Enumerable.Range(0, 30).Select(i =>
        {
            var warm = i < 10;
            var target = warm ? 50.0 : 400.0;
            return new TimelinePoint(i, target, warm ? 49 + i % 2 : 380 + i % 3 * 5, Errors: i is 17 or 23 ? 6 : 0,
                Rejected: i >= 25 ? 6 + i % 2 : 0, P50Ms: warm ? 4 : 12 + i % 4, P99Ms: warm ? 15 : 250 + i * 3)
            {
                Iterations = warm ? 49 : 390,
            };
        }).ToList();

        ThresholdResult[] thresholds =
        [
            new("error_rate < 0.01", 0.0015, Passed: true),
            new("p99 < 250ms", 312.4, Passed: false),
        ];

        var audit = new AuditReport(5200, 5199, ["refund r-000417: expected Refunded, found WaitingSellerResponse"]);
        CeilingReport[] ceilings =
        [
            new("grain-ping", 15_500, 0.25) { ScenarioRate = 3_875 },
            new("pg-upsert", 6_400, 0.04) { Compared = "durable events/s", ScenarioRate = 256 },
        ];

        return new RunReport(scenario, "embedded (3 silos)", "step 50→400/s", Started, TimeSpan.FromSeconds(30), steps, timeline,
            thresholds, audit, ceilings);
    }
}
