namespace RefundCluster.Cluster.Tests;

/// <summary>The persisted eventIds an order accepted: a resend replays the first answer, a reused id with another payload is refused.</summary>
public sealed class IdempotencyTests(ClusterFixture fx) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Resent_order_event_replays_the_first_answer_without_changing_the_order()
    {
        var s = new Scenario(fx);
        var paid = s.PaidEvent(500m, Scenario.NewEventId());
        var first = await s.Accept(paid);

        await AssertDuplicateOf(first, s.Send(paid));
        // The integrator's own timestamp is not part of the event's identity.
        await AssertDuplicateOf(first, s.Send(paid with { OccurredAt = fx.Time.GetUtcNow() }));
        Assert.Equal(first.Version, (await s.OrderView()).Version);
    }

    [Fact]
    public async Task Reused_event_id_with_a_different_payload_is_refused()
    {
        var s = new Scenario(fx);
        var paid = s.PaidEvent(500m, Scenario.NewEventId());
        var first = await s.Accept(paid);

        var reused = await s.Send(paid with { PaidAmount = 499m });

        Assert.Equal(OutcomeStatus.Rejected, reused.Status);
        Assert.Equal("event.id_reused", reused.Error?.Code);
        var order = await s.OrderView();
        Assert.Equal(500m, order.PaidAmount);
        Assert.Equal(first.Version, order.Version);
    }

    [Fact]
    public async Task Resent_refund_event_is_still_a_duplicate_after_the_order_grain_is_reactivated()
    {
        var s = new Scenario(fx);
        var paid = s.PaidEvent(500m, Scenario.NewEventId());
        var firstPaid = await s.Accept(paid);
        var request = s.RequestEvent(Scenario.NewRefundId(), 500m);
        var firstRequest = await s.Accept(request);

        await fx.Cluster.DeactivateAsync(s.Order);
        Assert.False(fx.IsActive(s.Order));

        await AssertDuplicateOf(firstRequest, s.Send(request));
        await AssertDuplicateOf(firstPaid, s.Send(paid));
        var reused = await s.Send(request with { Amount = 400m });
        Assert.Equal("event.id_reused", reused.Error?.Code);

        var view = await s.RefundView(request.RefundId);
        Assert.Equal(firstRequest.Version, view.Version);
        Assert.Equal(500m, view.RequestedAmount);
        Assert.Equal(500m, (await s.OrderView()).ReservedAmount);
    }

    [Fact]
    public async Task Paid_event_without_lines_is_refused_as_lines_required_rather_than_failing_in_the_fingerprint()
    {
        // A .NET client can send a default ImmutableArray (Orleans' codec keeps it default); OrderCommandMapper expects
        // that (it checks Lines.IsDefault), but the eventId fingerprint is taken first and throws on it.
        var s = new Scenario(fx);
        var withoutLines = s.PaidEvent(100m, Scenario.NewEventId()) with { Lines = default };

        var outcome = await s.Send(withoutLines);

        Assert.Equal(OutcomeStatus.Rejected, outcome.Status);
        Assert.Equal("order.lines_required", outcome.Error?.Code);
    }

    private static async Task AssertDuplicateOf(EventOutcome first, ValueTask<EventOutcome> resend)
    {
        var again = await resend;
        Assert.Equal(OutcomeStatus.Duplicate, again.Status);
        Assert.Equal(first with { Status = OutcomeStatus.Duplicate }, again, OutcomeComparer.Instance);
    }

    /// <summary>Records compare ImmutableArray by reference; compare the actions by content.</summary>
    private sealed class OutcomeComparer : IEqualityComparer<EventOutcome>
    {
        public static readonly OutcomeComparer Instance = new();

        public bool Equals(EventOutcome? x, EventOutcome? y) =>
            x is not null && y is not null && x with { Actions = [] } == y with { Actions = [] } && x.Actions.SequenceEqual(y.Actions);

        public int GetHashCode(EventOutcome obj) => obj.EventId.GetHashCode(StringComparison.Ordinal);
    }
}
