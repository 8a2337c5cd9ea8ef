using System.Reflection;

namespace RefundCluster.Domain.Tests.Errors;

/// <summary>Every stable error code in <see cref="Common.Errors"/> is produced by a Decide call (or, for the few that belong to the boundary, accounted for).</summary>
public sealed class ErrorCodeTests
{
    private static readonly ShopPolicy Manual = TestPolicies.Manual;

    private static DomainError? Error<TEvent>(Decision<TEvent> decision)
    {
        Assert.True(decision.IsError || decision.Events.Count > 0, "no-op instead of an error");
        Assert.True(!decision.IsError || decision.Events.Count == 0, "a refusal must not carry events");
        return decision.Error;
    }

    private static DomainError? Order(OrderDriver order, OrderCommand command) => Error(order.Try(command));

    private static DomainError? Refund(RefundDriver refund, RefundCommand command) => Error(refund.Try(command));

    private static DomainError? Request(OrderDriver order, RefundKind kind, RefundReason reason, decimal amount, Actor by = Actor.Buyer, ShopPolicy? policy = null) =>
        Error(RefundDriver.TryRequest(order, kind, reason, amount, by, policy ?? Manual));

    private static RefundDriver Waiting(RefundKind kind = RefundKind.RefundOnly) => RefundDriver.Received(kind, Manual, 100m);

    private static RefundDriver Ended() => Waiting().SellerApproves();

    private static OrderAggregate PaidAggregate() =>
        OrderAggregateMachine.Decide(null, OrderDriver.PayCommand(), Clock.Start, Manual).Events.Aggregate((OrderAggregate?)null, OrderAggregateMachine.Apply)!;

    private static readonly Dictionary<string, Func<DomainError?>> Producers = new()
    {
        ["amount.not_positive"] = () => Request(OrderDriver.Paid(), RefundKind.RefundOnly, RefundReason.ChangedMind, 0m),
        ["amount.too_large"] = () => Order(new OrderDriver(), OrderDriver.PayCommand(Money.Ceiling + 1)),
        ["amount.precision"] = () => Request(OrderDriver.Paid(), RefundKind.RefundOnly, RefundReason.ChangedMind, 1.001m),
        ["request.field_required"] = () => Order(OrderDriver.Paid(), new ShipOrder("")),
        ["order.unknown"] = () => Order(new OrderDriver(), new DeliverOrder()),
        ["order.already_paid"] = () => Order(OrderDriver.Paid(), OrderDriver.PayCommand()),
        ["order.closed"] = () => Request(OrderDriver.Paid(10m).Do(new SettleRefund("a", 10m)), RefundKind.Reship, RefundReason.MissingItems, 0m),
        ["order.illegal_transition"] = () => Order(OrderDriver.Paid(), new CompleteOrder()),
        ["order.lines_required"] = () => Order(new OrderDriver(), OrderDriver.PayCommand() with { Lines = [] }),
        ["refund.amount_exceeds_refundable"] = () => Request(OrderDriver.Paid(100m), RefundKind.RefundOnly, RefundReason.ChangedMind, 100.01m),
        ["refund.unknown"] = () => Error(RefundStateMachine.Decide(null, new CancelRefund(), Clock.Start, Manual, OrderDriver.Paid().Snapshot())),
        ["refund.already_exists"] = () => Refund(Waiting(), new RequestRefund(RefundDriver.RefundId, RefundKind.RefundOnly, RefundReason.Size, 1m, Actor.Buyer)),
        ["refund.amount_exceeds_requested"] = () => Refund(Waiting(), new ModifyRefund(101m, null)),
        ["refund.amount_not_allowed"] = () => Request(OrderDriver.Received(), RefundKind.Reship, RefundReason.MissingItems, 1m),
        ["refund.reason_not_applicable"] = () => Request(OrderDriver.Paid(), RefundKind.RefundOnly, RefundReason.ParcelNotArriving, 1m),
        ["refund.kind_requires_delivery"] = () => Request(OrderDriver.InTransit(), RefundKind.ReturnAndRefund, RefundReason.ChangedMind, 1m),
        ["refund.no_reason_window_expired"] = () => Request(OrderDriver.Received().Advance(TimeSpan.FromDays(9)), RefundKind.ReturnAndRefund, RefundReason.SevenDayNoReason, 1m),
        ["refund.illegal_transition"] = () => Refund(Waiting(), new SignReturn()),
        ["refund.already_finished"] = () => Refund(Ended(), new RefuseRefund("late")),
        ["refund.already_decided"] = () => Refund(Waiting(RefundKind.ReturnAndRefund).SellerApproves(), new RefuseRefund("changed my mind")),
        ["refund.no_reason_requires_return"] = () => Request(OrderDriver.Received(), RefundKind.RefundOnly, RefundReason.SevenDayNoReason, 1m),
        ["refund.no_reason_not_available"] = () => Request(OrderDriver.Received(flags: new OrderFlags(SpecialCategory.Fresh)), RefundKind.ReturnAndRefund, RefundReason.Disliked, 1m),
        ["refund.after_sales_window_closed"] = () => Request(OrderDriver.Received().Do(new CompleteOrder()).Advance(TimeSpan.FromDays(16)), RefundKind.ReturnAndRefund, RefundReason.QualityDefect, 1m),
        ["refund.version_stale"] = () => Error(OrderAggregateMachine.Decide(PaidAggregate(), "r-1",
            new RequestRefund("r-1", RefundKind.RefundOnly, RefundReason.ChangedMind, 1m, Actor.Buyer), Clock.Start, Manual, expectedVersion: 3)),
        ["refund.return_tracking_is_outbound"] = () => Refund(Waiting(RefundKind.ReturnAndRefund).SellerApproves(), new ShipReturn("SF-1001")),
        ["refund.line_unknown"] = () => Error(RefundDriver.Start(OrderDriver.Paid()).Try(new RequestRefund("r-1", RefundKind.RefundOnly, RefundReason.ChangedMind, 1m, Actor.Buyer, "9"))),
        ["refund.quantity_invalid"] = () => Error(RefundDriver.Start(OrderDriver.Paid()).Try(new RequestRefund("r-1", RefundKind.RefundOnly, RefundReason.ChangedMind, 1m, Actor.Buyer, "1", 2))),
        ["refund.line_fully_refunded"] = () => Error(RefundDriver.Start(OrderDriver.Received(10m).Do(new ReserveRefund("a", 10m, "1")).Do(new SettleRefund("a", 10m)), Manual)
            .Try(new RequestRefund("r-1", RefundKind.Reship, RefundReason.MissingItems, 0m, Actor.Buyer, "1"))),
        ["order.line_ids_not_unique"] = () => Order(new OrderDriver(), OrderDriver.PayCommand() with { Lines = [new OrderLine("A", 1, 1m, "x"), new OrderLine("B", 1, 1m, "x")] }),
        ["refund.price_protection_expired"] = () => Request(OrderDriver.Paid().Advance(TimeSpan.FromDays(16)), RefundKind.PriceDifference, RefundReason.PriceDrop, 1m),
        ["refund.refusal_not_allowed"] = () => Refund(RefundDriver.InTransit(10m, Manual), new RefuseRefund("no")),
        ["refund.refusal_reason_required"] = () => Refund(Waiting(), new RefuseRefund("")),
        ["refund.agent_filing_disabled"] = () => Request(OrderDriver.Paid(), RefundKind.RefundOnly, RefundReason.ChangedMind, 1m, Actor.Agent, Manual with { AgentAfterSales = false }),
        ["refund.tracking_required"] = () => Refund(Waiting(RefundKind.ReturnAndRefund).SellerApproves(), new ShipReturn("")),
        ["refund.not_finished"] = () => Refund(Waiting(), new FileAppeal("x")),
        ["refund.appeal_window_closed"] = () => Refund(Ended().Advance(TimeSpan.FromDays(31)), new FileAppeal("x")),
        ["refund.already_appealed"] = () => Refund(Ended().Do(new FileAppeal("x")), new FileAppeal("y")),
        ["interception.not_applicable"] = () => Refund(Waiting(), new RequestInterception(Actor.Seller)),
        ["interception.already_requested"] = () => Refund(RefundDriver.InTransit(10m, Manual).Do(new RequestInterception(Actor.Seller)), new RequestInterception(Actor.Platform)),
        ["interception.not_requested"] = () => Refund(RefundDriver.InTransit(10m, Manual), new ReportInterception(true)),
        ["offer.not_applicable"] = () => Refund(Waiting(RefundKind.Reship), new MakeOffer(new Offer(OfferKind.PartialRefund, 1m, null))),
        ["offer.already_pending"] = () => Refund(Waiting().SellerOffers(OfferKind.CouponCompensation, 5m), new MakeOffer(new Offer(OfferKind.CouponCompensation, 6m, null))),
        ["offer.none_pending"] = () => Refund(Waiting(), new AnswerOffer(false)),
        ["intervention.not_allowed"] = () => Refund(Waiting(), new RequestIntervention()),
        ["refund.message_invalid"] = () => Refund(Waiting(), new SubmitEvidence(Actor.Buyer, " ", [])),
        ["appeal.not_pending"] = () => Refund(Ended(), new DecideAppeal(true)),
        ["intervention.not_requested"] = () => Refund(Waiting(), new Judge(JudgmentWinner.Buyer, true, null)),
    };

    /// <summary>Codes that only the layers around the domain can produce: the domain has no input that could trigger them.</summary>
    private static readonly Dictionary<string, string> ProducedOutsideDecide = new()
    {
        ["order.shop_mismatch"] = "grain: an event naming another shop",
        ["refund.order_mismatch"] = "grain: an event naming another order",
        ["refund.reason_unknown"] = "API: a reason string that does not parse into RefundReason",
        ["event.id_reused"] = "grain idempotency: same eventId, different payload",
        ["policy.invalid"] = "ShopPolicyValidator (see ShopPolicyValidatorTests)",
    };

    public static TheoryData<string> DecideCodes => [.. Producers.Keys];

    [Theory]
    [MemberData(nameof(DecideCodes))]
    public void Decide_produces_the_code(string code)
    {
        var error = Producers[code]();

        Assert.NotNull(error);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Every_code_in_Errors_is_covered_and_unique()
    {
        var codes = AllErrors().Select(e => e.Code).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        var uncovered = codes.Where(c => !Producers.ContainsKey(c) && !ProducedOutsideDecide.ContainsKey(c)).ToList();
        Assert.Empty(uncovered);
        Assert.DoesNotContain(ProducedOutsideDecide.Keys, c => Producers.ContainsKey(c) || !codes.Contains(c));
    }

    [Fact]
    public void Error_kinds_map_onto_the_http_families()
    {
        var byCode = AllErrors().ToDictionary(e => e.Code, e => e.Kind);

        Assert.Equal(ErrorKind.NotFound, byCode["order.unknown"]);
        Assert.Equal(ErrorKind.NotFound, byCode["refund.unknown"]);
        Assert.Equal(ErrorKind.Validation, byCode["amount.precision"]);
        Assert.Equal(ErrorKind.Conflict, byCode["refund.already_finished"]);
        Assert.Equal(ErrorKind.Rule, byCode["refund.amount_exceeds_refundable"]);
    }

    private static IEnumerable<DomainError> AllErrors()
    {
        var type = typeof(Common.Errors);
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(DomainError)))
        {
            yield return (DomainError)field.GetValue(null)!;
        }

        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(DomainError)))
        {
            var args = method.GetParameters().Select(p => p.ParameterType == typeof(decimal) ? 1m : p.ParameterType == typeof(int) ? (object)1 : "x").ToArray();
            yield return (DomainError)method.Invoke(null, args)!;
        }
    }
}
