using RefundCluster.LoadTests.Auditing;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Targets;
using RefundCluster.LoadTests.Tests.Support;

namespace RefundCluster.LoadTests.Tests.Auditing;

public sealed class RunAuditTests
{
    private static ScenarioExpectations Expectations()
    {
        var expectations = new ScenarioExpectations();
        expectations.OrderPaid("s1");
        expectations.OrderPaid("s1");
        expectations.RefundRequested("s1");
        expectations.Expect("r1", "s1", "succeeded");
        return expectations;
    }

    private static FakeTarget Cluster(string refundStatus, long paidOrders, long refunds) => new((_, path, _) => path switch
    {
        "v1/refunds/r1" => new TargetResponse(200, $$"""{"status":"{{refundStatus}}"}"""),
        _ when path.StartsWith("v1/shops/s1/metrics", StringComparison.Ordinal) => new TargetResponse(200, $$"""{"paidOrders":{{paidOrders}},"refunds":{{refunds}}}"""),
        _ => new TargetResponse(404, null),
    });

    [Fact]
    public async Task Everything_as_sent_passes()
    {
        var audit = await RunAudit.Run(Cluster("succeeded", 2, 1), Expectations(), payouts: null, TimeSpan.Zero, TestContext.Current.CancellationToken);

        Assert.True(audit.Passed);
        Assert.Equal(2, audit.Checked);
    }

    [Fact]
    public async Task A_refund_in_the_wrong_state_fails_the_audit_and_is_named()
    {
        var audit = await RunAudit.Run(Cluster("closed", 2, 1), Expectations(), payouts: null, TimeSpan.Zero, TestContext.Current.CancellationToken);

        Assert.False(audit.Passed);
        Assert.Contains("refund r1: expected succeeded, found closed", audit.Failures);
    }

    [Fact]
    public async Task Metrics_that_lost_a_refund_fail_the_audit()
    {
        var audit = await RunAudit.Run(Cluster("succeeded", 2, 0), Expectations(), payouts: null, TimeSpan.FromMilliseconds(300), TestContext.Current.CancellationToken);

        Assert.False(audit.Passed);
        Assert.Contains(audit.Failures, f => f.StartsWith("shop s1 metrics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refund_the_cluster_does_not_know_fails_the_audit()
    {
        var audit = await RunAudit.Run(new FakeTarget((_, _, _) => new TargetResponse(404, null)), Expectations(), payouts: null, TimeSpan.Zero, TestContext.Current.CancellationToken);

        Assert.Contains("refund r1: expected succeeded, found HTTP 404", audit.Failures);
    }
}
