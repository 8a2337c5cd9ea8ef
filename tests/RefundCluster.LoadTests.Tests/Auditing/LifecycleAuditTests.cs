using RefundCluster.LoadTests.Auditing;
using RefundCluster.LoadTests.Scenarios;
using static RefundCluster.LoadTests.Auditing.LifecycleAudit;

namespace RefundCluster.LoadTests.Tests.Auditing;

/// <summary>What the lifecycle audit expects of a refund, and what it calls wrong.</summary>
public sealed class LifecycleAuditTests
{
    private const decimal Amount = 123.45m;

    private static LifecycleTrace Trace(SellerDecision decision, StageResult paid = StageResult.Applied, StageResult requested = StageResult.Applied, StageResult? answer = null) =>
        new(new LifecyclePlan(7, decision, Amount))
        {
            Paid = paid,
            Requested = requested,
            Decision = answer ?? (decision == SellerDecision.Silent ? StageResult.NotSent : StageResult.Applied),
        };

    private static RefundSeen Refund(string status, string automation, decimal refunded = Amount, string? payoutKey = "r-7:payout") =>
        new(true, status, automation, Amount, refunded, payoutKey, null);

    private static readonly PayoutSeen OnePaid = new(1, Amount, true);
    private static readonly RefundSeen Refunded = Refund("succeeded", "none");
    private static readonly RefundSeen ByTimer = Refund("succeeded", "timeout");
    private static readonly RefundSeen Refused = Refund("seller_refused", "none", refunded: 0, payoutKey: null);
    private static readonly RefundSeen Missing = new(false, null, null, 0, 0, null, null);

    [Theory]
    [InlineData(SellerDecision.Approve, "succeeded", "none")]
    [InlineData(SellerDecision.Silent, "succeeded", "timeout")]
    [InlineData(SellerDecision.Refuse, "seller_refused", null)]
    public void A_completed_lifecycle_must_end_as_its_seller_decided(SellerDecision decision, string status, string? automation)
    {
        var expected = LifecycleExpectation.Of(Trace(decision))!;

        Assert.Equal([new RefundEnd(status, automation)], expected.Ends);
    }

    [Fact]
    public void A_decision_the_cluster_did_not_apply_leaves_the_refund_to_the_timer_and_an_unanswered_one_allows_both()
    {
        Assert.Equal([new RefundEnd("succeeded", "timeout")], LifecycleExpectation.Of(Trace(SellerDecision.Approve, answer: StageResult.NotApplied))!.Ends);
        Assert.Equal([new RefundEnd("succeeded", "timeout")], LifecycleExpectation.Of(Trace(SellerDecision.Refuse, answer: StageResult.NotApplied))!.Ends);
        Assert.Equal([new RefundEnd("seller_refused"), new RefundEnd("succeeded", "timeout")],
            LifecycleExpectation.Of(Trace(SellerDecision.Refuse, answer: StageResult.Unknown))!.Ends);
    }

    [Fact]
    public void A_request_not_applied_means_no_refund_and_one_unanswered_cannot_be_predicted()
    {
        Assert.True(LifecycleExpectation.Of(Trace(SellerDecision.Approve, requested: StageResult.NotApplied))!.NoRefund);
        Assert.True(LifecycleExpectation.Of(Trace(SellerDecision.Approve, paid: StageResult.NotApplied, requested: StageResult.NotSent))!.NoRefund);
        Assert.Null(LifecycleExpectation.Of(Trace(SellerDecision.Approve, requested: StageResult.Unknown)));
    }

    [Fact]
    public void The_right_end_with_one_paid_payout_of_the_amount_passes()
    {
        Assert.Empty(Check(Trace(SellerDecision.Approve), Refunded, OnePaid));
        Assert.Empty(Check(Trace(SellerDecision.Silent), ByTimer, OnePaid));
        Assert.Empty(Check(Trace(SellerDecision.Refuse), Refused, null));
        Assert.Empty(Check(Trace(SellerDecision.Refuse), Refused, new PayoutSeen(0, 0, true)));
        Assert.Empty(Check(Trace(SellerDecision.Approve, requested: StageResult.NotApplied), Missing, null));
    }

    [Fact]
    public void Every_kind_of_wrong_end_is_named()
    {
        Assert.Equal(["wrong end"], Kinds(Trace(SellerDecision.Approve), ByTimer, OnePaid)); // the timer refunded an approved refund
        Assert.Equal(["wrong end"], Kinds(Trace(SellerDecision.Silent), Refunded, OnePaid));
        Assert.Equal(["wrong end"], Kinds(Trace(SellerDecision.Refuse), ByTimer, OnePaid));
        Assert.Equal(["refund missing"], Kinds(Trace(SellerDecision.Approve), Missing, null));
        Assert.Equal(["unexpected refund"], Kinds(Trace(SellerDecision.Approve, requested: StageResult.NotApplied), Refunded, null));
        Assert.Equal(["payout missing"], Kinds(Trace(SellerDecision.Approve), Refunded, null));
        Assert.Equal(["payout count"], Kinds(Trace(SellerDecision.Approve), Refunded, new PayoutSeen(2, 2 * Amount, true)));
        Assert.Equal(["payout amount"], Kinds(Trace(SellerDecision.Approve), Refunded, new PayoutSeen(1, 100m, true)));
        Assert.Equal(["payout not paid"], Kinds(Trace(SellerDecision.Silent), ByTimer, new PayoutSeen(1, Amount, false)));
        Assert.Equal(["wrong refunded amount"], Kinds(Trace(SellerDecision.Approve), Refund("succeeded", "none", refunded: 10m), OnePaid));
        Assert.Equal(["unexpected payout"], Kinds(Trace(SellerDecision.Refuse), Refused, OnePaid));
        Assert.Equal(["read failed"], Kinds(Trace(SellerDecision.Approve), Missing with { Error = "HTTP 500" }, OnePaid));
    }

    private static IReadOnlyList<string> Check(LifecycleTrace trace, RefundSeen view, PayoutSeen? payout) =>
        Compare(trace, LifecycleExpectation.Of(trace)!, view, payout, "r-7");

    private static IEnumerable<string> Kinds(LifecycleTrace trace, RefundSeen view, PayoutSeen? payout) => Check(trace, view, payout).Select(Kind);
}
