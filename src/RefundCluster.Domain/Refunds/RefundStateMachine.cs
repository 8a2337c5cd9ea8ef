using System.Collections.Immutable;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Domain.Refunds;

/// <summary>
/// The refund scenarios of docs/domain.md as one state machine: <see cref="Decide"/> checks a command against the state,
/// the shop policy and the time and returns events or an error; <see cref="Apply"/> folds an event into the state.
/// </summary>
public static class RefundStateMachine
{
    /// <param name="order">The refund's order as it is now: a decision reads the current logistics, never a copy.</param>
    public static Decision<RefundEvent> Decide(RefundState? state, RefundCommand command, DateTimeOffset now, ShopPolicy policy, OrderSnapshot order)
    {
        if (state is null)
        {
            return command is RequestRefund request ? Request(request, order, now, policy) : Errors.RefundUnknown;
        }

        var context = new RefundDecisionContext(state, order, now, policy);
        return command switch
        {
            RequestRefund => Errors.RefundAlreadyExists,
            ExpireRefundDeadline expire => Expire(context, expire.Kind),
            FileAppeal appeal => Appeal(context, appeal),
            DecideAppeal decide => state.Appealed && state.AppealUpheld is null
                ? context.Emit(new AppealDecided(now, decide.Upheld)).Done()
                : Errors.AppealNotPending,
            RequestInterception intercept => Intercept(context, intercept),
            ReportInterception report => ReportInterception(context, report),
            _ when state.IsTerminal => Errors.RefundAlreadyFinished,
            ConfirmRefund => state.Status == RefundStatus.WaitingBuyerConfirm
                ? Agree(context.Emit(new RefundConfirmedByBuyer(now)), Actor.Agent, address: null).Done()
                : Illegal(state, "confirm"),
            ApproveRefund approve => Approve(context, approve),
            RefuseRefund refuse => Refuse(context, refuse),
            CancelRefund => context.Close(Actor.Buyer, RefundOutcome.CancelledByBuyer).Done(),
            ModifyRefund modify => Modify(context, modify),
            ShipReturn ship => ShipReturn(context, ship),
            Refunds.SignReturn => OnReturnSigned(context),
            Refunds.ReceiveIntoWarehouse => OnWarehouseReceived(context),
            MakeOffer offer => MakeOffer(context, offer.Offer),
            AnswerOffer answer => AnswerOffer(context, answer),
            RequestIntervention request => RequestDispute(context, request.RequestedBy),
            SubmitEvidence evidence => Evidence(context, evidence),
            StartIntervention => state.Status == RefundStatus.PlatformReview && state.Intervention == InterventionStage.Requested
                ? context.Emit(new InterventionStarted(now)).Done()
                : Errors.InterventionNotRequested,
            Judge judge => JudgeDispute(context, judge),
            ShipReplacement ship => ShipReplacement(context, ship),
            ReceiveReplacement received => state.Status == RefundStatus.WaitingBuyerReceiveReplacement
                ? context.EndReplacement(received.By, Automation.None).Done()
                : Illegal(state, "replacement received"),
            ConvertExchangeToRefund convert => ConvertToRefund(context, convert),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown refund command."),
        };
    }

    public static RefundState Apply(RefundState? state, RefundEvent e)
    {
        if (e is RefundRequested requested)
        {
            return new RefundState
            {
                RefundId = requested.RefundId, OrderId = requested.OrderId, ShopId = requested.ShopId,
                BuyerId = requested.BuyerId, Kind = requested.Kind, Scenario = requested.Scenario, Phase = requested.Phase,
                SalePhase = requested.SalePhase, LineId = requested.LineId, Quantity = requested.Quantity,
                Status = requested.Actor == Actor.Agent ? RefundStatus.WaitingBuyerConfirm : RefundStatus.WaitingSellerAgree,
                RequestedAmount = requested.Amount, FirstReason = requested.Reason, CurrentReason = requested.Reason,
                FiledBy = requested.Actor, RequestedAt = requested.At, OrderFlags = requested.OrderFlags,
                OrderSkus = requested.OrderSkus, History = [requested.ToHistory()], Version = 1,
            };
        }

        ArgumentNullException.ThrowIfNull(state);
        var next = e switch
        {
            RefundConfirmedByBuyer => state with { Status = RefundStatus.WaitingSellerAgree },
            ReturnApproved approved => state with { Status = RefundStatus.WaitingBuyerReturn, ReturnAddress = approved.ReturnAddress },
            ReplacementApproved => state with { Status = RefundStatus.WaitingReplacement },
            ReturnShipped shipped => state with
            {
                Status = RefundStatus.WaitingSellerConfirmGoods, ReturnTrackingNumber = shipped.TrackingNumber,
                // Once the goods are on their way back, an offer to cancel the return no longer makes sense.
                PendingOffer = state.PendingOffer?.Kind is OfferKind.CancelReturnWithGift or OfferKind.CancelReturnWithReship ? null : state.PendingOffer,
            },
            ReturnSigned signed => state with
            {
                Status = state.Kind == RefundKind.Exchange ? RefundStatus.WaitingReplacement : RefundStatus.ReturnSigned,
                ReturnSignedAt = signed.At,
            },
            WarehouseReceived => state with { WarehouseReceived = true },
            RefundRefused refused => state with
            {
                Status = RefundStatus.SellerRefused, RefusalReason = refused.Reason, RefusalCount = state.RefusalCount + 1,
                StatusBeforeRefusal = state.Status,
            },
            // A modified request supersedes an offer made against the old one (an accepted partial refund could
            // otherwise pay more than the buyer now asks for).
            RefundModified modified => state with
            {
                Status = RefundStatus.WaitingSellerAgree, RequestedAmount = modified.Amount, CurrentReason = modified.Reason,
                PendingOffer = null, ModificationCount = state.ModificationCount + 1,
            },
            FraudSignalRaised raised => state with { FraudSignals = state.FraudSignals.Add(raised.Signal) },
            InterceptionRequested => state with { Interception = InterceptionStatus.Requested },
            InterceptionReported report => state with { Interception = report.Succeeded ? InterceptionStatus.Succeeded : InterceptionStatus.Failed },
            OfferMade made => state with { PendingOffer = made.Offer },
            OfferAnswered => state with { PendingOffer = null },
            InterventionRequested dispute => state with
            {
                Status = RefundStatus.PlatformReview, Intervention = InterventionStage.Requested, PendingOffer = null,
                DisputeRaised = state.DisputeRaised || dispute.Actor == Actor.Buyer,
                DisputeRaisedAt = state.DisputeRaisedAt ?? (dispute.Actor == Actor.Buyer ? dispute.At : null),
                InterventionRequestedBy = dispute.Actor,
                StatusBeforeDispute = state.Status == RefundStatus.SellerRefused ? state.StatusBeforeRefusal : state.Status,
            },
            EvidenceSubmitted evidence => state with
            {
                Messages = state.Messages.Add(new RefundMessage(evidence.At, evidence.Owner, evidence.Content, evidence.PictureUrls)),
            },
            AppealDecided decided => state with
            {
                AppealUpheld = decided.Upheld, MerchantResponsible = state.MerchantResponsible && !decided.Upheld,
            },
            InterventionStarted => state with { Intervention = InterventionStage.Intervened },
            RefundJudged judged => state with
            {
                Intervention = InterventionStage.Judged, JudgmentWinner = judged.Winner, JudgmentOverdue = false,
                MerchantResponsible = judged.MerchantResponsible, AwardedAmount = judged.AwardedAmount,
            },
            RefundExecuted executed => Ended(state, executed, RefundStatus.Succeeded, executed.Outcome) with
            {
                RefundedAmount = executed.Amount, EndedByAutomation = executed.Automation, ZeroSecond = executed.ZeroSecond,
                PayoutKey = executed.PayoutKey,
            },
            ReplacementShipped shipped => state with { Status = RefundStatus.WaitingBuyerReceiveReplacement, ReplacementTrackingNumber = shipped.TrackingNumber },
            ReplacementReceived received => Ended(state, received, RefundStatus.Succeeded, received.Outcome) with { EndedByAutomation = received.Automation },
            ExchangeConvertedToRefund converted => state with { Kind = RefundKind.ReturnAndRefund, RequestedAmount = converted.Amount },
            RefundClosed closed => Ended(state, closed, RefundStatus.Closed, closed.Outcome),
            AppealFiled => state with { Appealed = true },
            RefundDeadlineScheduled scheduled => state with { Deadlines = state.Deadlines.SetItem(scheduled.Kind, scheduled.Due) },
            RefundDeadlineExpired expired => state with
            {
                Deadlines = state.Deadlines.Remove(expired.Kind),
                JudgmentOverdue = state.JudgmentOverdue || expired.Kind == DeadlineKind.PlatformJudgment,
                AppealWindowClosed = state.AppealWindowClosed || expired.Kind == DeadlineKind.AppealWindow,
                ReplacementOverdue = state.ReplacementOverdue || expired.Kind == DeadlineKind.SellerShipReplacement,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown refund event."),
        };

        if (state.FirstRespondedAt is null && state.Status == RefundStatus.WaitingSellerAgree && AnswersTheRequest(e))
        {
            next = next with { FirstRespondedAt = e.At };
        }

        if (next.Status != state.Status)
        {
            // A deadline belongs to the status that set it: moving on makes it moot. Only the appeal window outlives it.
            next = next with { Deadlines = next.Deadlines.Where(d => d.Key == DeadlineKind.AppealWindow).ToImmutableDictionary() };
        }

        return next with { History = next.History.Add(e.ToHistory()), Version = state.Version + 1 };
    }

    public static RefundState? Replay(IEnumerable<RefundEvent> events) =>
        events.Aggregate((RefundState?)null, (state, e) => Apply(state, e));

    /// <summary>A decision on the request by the seller's side (the seller, a shop automation, the silent-seller timer), not the buyer's.</summary>
    private static bool AnswersTheRequest(RefundEvent e) =>
        e.Actor is not (Actor.Buyer or Actor.Agent) && e is ReturnApproved or ReplacementApproved or RefundRefused or RefundExecuted or OfferMade;

    private static RefundState Ended(RefundState state, RefundEvent e, RefundStatus status, RefundOutcome outcome) =>
        state with { Status = status, Outcome = outcome, EndedAt = e.At, EndedBy = e.Actor, PendingOffer = null };

    private static DomainError Illegal(RefundState state, string action) => Errors.RefundIllegalTransition(state.Status.ToString(), action);

    private static Decision<RefundEvent> Request(RequestRefund request, OrderSnapshot order, DateTimeOffset now, ShopPolicy policy)
    {
        var movesMoney = RefundKinds.MovesMoney(request.Kind);
        if (LineRuleRefuses(request, order, movesMoney) is { } lineError)
        {
            return lineError;
        }

        if (movesMoney)
        {
            if (Money.ValidatePositive(request.Amount, "amount") is { } amountError)
            {
                return amountError;
            }

            if (request.Amount > order.RefundableAmount)
            {
                return Errors.RefundAmountExceedsRefundable(request.Amount, order.RefundableAmount);
            }
        }
        else if (request.Amount != 0)
        {
            return Errors.RefundAmountNotAllowed;
        }

        if (order.Status == OrderStatus.Closed)
        {
            return Errors.OrderClosed;
        }

        // 补发 also serves a parcel lost or stalled in transit (seeds 000, 003); every other kind needs the goods delivered.
        var reshipOfAStalledParcel = request.Kind == RefundKind.Reship && order.Phase == OrderPhase.InTransit && order.LogisticsStalled;
        var anyPhase = request.Kind is RefundKind.RefundOnly or RefundKind.PriceDifference;
        if (!anyPhase && order.Phase != OrderPhase.Received && !reshipOfAStalledParcel)
        {
            return Errors.RefundKindRequiresDelivery(request.Kind.ToString());
        }

        if (request.Kind == RefundKind.PriceDifference)
        {
            // 价保: the one reason is the price drop, whatever the goods' phase, within the protection period.
            if (request.Reason != RefundReason.PriceDrop)
            {
                return Errors.RefundReasonNotApplicable(request.Reason.ToString(), "a price-difference claim");
            }

            if (now >= order.PaidAt + policy.Deadlines.PriceProtection)
            {
                return Errors.RefundPriceProtectionExpired;
            }
        }
        else if (!RefundReasons.AppliesTo(request.Reason, order.Phase))
        {
            return Errors.RefundReasonNotApplicable(request.Reason.ToString(), order.Phase.ToString());
        }

        var salePhase = order.Status == OrderStatus.Completed ? SalePhase.AfterSale : SalePhase.OnSale;
        if (salePhase == SalePhase.AfterSale && now >= order.CompletedAt!.Value + policy.Deadlines.AfterSalesWindow)
        {
            return Errors.RefundAfterSalesWindowClosed;
        }

        if (NoFaultRuleRefuses(request, order, now, policy) is { } noFaultError)
        {
            return noFaultError;
        }

        if (request.FiledBy == Actor.Agent && !policy.AgentAfterSales)
        {
            return Errors.RefundAgentFilingDisabled;
        }

        var scenario = request.Kind switch
        {
            RefundKind.ReturnAndRefund => RefundScenario.ReturnAndRefund,
            RefundKind.Exchange => RefundScenario.Exchange,
            RefundKind.Reship => RefundScenario.Reship,
            RefundKind.PriceDifference => RefundScenario.PriceDifference,
            _ => order.Phase switch
            {
                OrderPhase.NotShipped => RefundScenario.NotShippedRefundOnly,
                OrderPhase.InTransit => RefundScenario.InTransitRefundOnly,
                _ => RefundScenario.ReceivedRefundOnly,
            },
        };

        var context = new RefundDecisionContext(null, order, now, policy) { AtIntake = true }.Emit(new RefundRequested(
            now, request.FiledBy, request.RefundId, order.OrderId, order.ShopId, order.BuyerId, request.Kind, scenario,
            order.Phase, request.Reason, movesMoney ? request.Amount : 0, order.Flags, order.Skus, salePhase,
            order.Line?.LineId, order.Line is { } line ? request.Quantity ?? line.Quantity : 0));

        // An agent-filed refund waits for the buyer's one-click confirmation (which is the agreement), for a while.
        return request.FiledBy == Actor.Agent
            ? context.Schedule(DeadlineKind.BuyerConfirm, policy.Deadlines.BuyerConfirm).Done()
            : RunIntakeAutomation(context).Done();
    }

    /// <summary>
    /// A line refund names a line of the order and at most its quantity; an exchange or reship needs a line that is not
    /// fully refunded (its money is checked against the line's share with the amount).
    /// </summary>
    private static DomainError? LineRuleRefuses(RequestRefund request, OrderSnapshot order, bool movesMoney)
    {
        if (request.LineId is not { } lineId)
        {
            return request.Quantity is null ? null : Errors.FieldRequired("lineId");
        }

        if (order.Line is not { } line)
        {
            return Errors.RefundLineUnknown(lineId);
        }

        if (request.Quantity is { } quantity && (quantity < 1 || quantity > line.Quantity))
        {
            return Errors.RefundQuantityInvalid(line.Quantity);
        }

        return !movesMoney && line.Remaining <= 0 ? Errors.RefundLineFullyRefunded(lineId) : null;
    }

    /// <summary>
    /// The no-fault reasons (7天无理由 and those that amount to it: 不喜欢, 尺码不合适) are a right only within the 7-day
    /// window and not for special categories; 7天无理由 itself only as a return and refund.
    /// </summary>
    private static DomainError? NoFaultRuleRefuses(RequestRefund request, OrderSnapshot order, DateTimeOffset now, ShopPolicy policy)
    {
        if (!RefundReasons.IsNoFault(request.Reason))
        {
            return null;
        }

        if (request.Reason == RefundReason.SevenDayNoReason && request.Kind != RefundKind.ReturnAndRefund)
        {
            return Errors.RefundNoReasonRequiresReturn;
        }

        if (order.Flags.SpecialCategory is SpecialCategory.Virtual or SpecialCategory.CustomMade or SpecialCategory.Fresh)
        {
            return Errors.RefundNoReasonNotAvailable(order.Flags.SpecialCategory.ToString());
        }

        return now >= NoReasonWindowEnd(order, policy) ? Errors.RefundNoReasonWindowExpired : null;
    }

    /// <summary>The 7-day window starts the day after signing, in the shop's local time.</summary>
    public static DateTimeOffset NoReasonWindowEnd(OrderSnapshot order, ShopPolicy policy)
    {
        var offset = TimeSpan.FromHours(policy.UtcOffsetHours);
        var signedLocal = (order.DeliveredAt ?? DateTimeOffset.MinValue.ToOffset(offset)).ToOffset(offset);
        var firstDay = new DateTimeOffset(signedLocal.Date.AddDays(1), offset);
        return firstDay.AddDays(policy.Deadlines.NoReasonReturnDays);
    }

    /// <summary>The shop automations that act the moment a refund is (confirmed as) requested.</summary>
    private static RefundDecisionContext RunIntakeAutomation(RefundDecisionContext context)
    {
        var (state, policy, now) = (context.State, context.Policy, context.Now);
        var warehouseIntercepts = state.OrderFlags.WarehouseManaged && policy.WarehouseInterceptZeroSecond;
        switch (state.Scenario)
        {
            case RefundScenario.NotShippedRefundOnly or RefundScenario.InTransitRefundOnly when warehouseIntercepts:
                return context.Emit(new InterceptionRequested(now, Actor.Warehouse)).Execute(Actor.System, Automation.WarehouseIntercept);
            case RefundScenario.NotShippedRefundOnly:
                var automation = NotShippedAutomation(state, policy, now);
                return automation == Automation.None ? context.ScheduleSellerResponse() : context.Execute(Actor.System, automation);
            case RefundScenario.InTransitRefundOnly when state.OrderFlags.FreightInsurance:
                // With 运费险 the platform intercepts itself; 拦截自动退 may then refund at once.
                context.Emit(new InterceptionRequested(now, Actor.Platform));
                return InterceptAutoRefundApplies(context)
                    ? context.Execute(Actor.System, Automation.InterceptAutoRefund)
                    : context.ScheduleSellerResponse();
            // Refund-only without returning the goods is no buyer right for a no-fault reason: no automation pays it.
            case RefundScenario.ReceivedRefundOnly when policy.SmallAmountAutoRefund.Allows(state.RequestedAmount)
                                                        && !RefundReasons.IsNoFault(state.CurrentReason):
                return context.Execute(Actor.System, Automation.SmallAmount);
            case RefundScenario.PriceDifference when policy.PriceProtectionAutoRefund.Allows(state.RequestedAmount):
                return context.Execute(Actor.System, Automation.PriceProtection);
            case RefundScenario.ReturnAndRefund or RefundScenario.Exchange when policy.AutoApproveReturn:
                return context.ApproveReturn(Actor.System, Automation.AutoApproveReturn);
            default:
                return context.ScheduleSellerResponse();
        }
    }

    private static Automation NotShippedAutomation(RefundState state, ShopPolicy policy, DateTimeOffset now)
    {
        if (policy.ZeroSecondRefund.Allows(state.RequestedAmount))
        {
            return Automation.ZeroSecondRefund;
        }

        if (policy.ManagedMode && state.RequestedAmount <= policy.ManagedModeCap)
        {
            return Automation.ManagedMode;
        }

        if (policy.OffHoursAutoRefund.Applies(now, policy.UtcOffsetHours, state.RequestedAmount))
        {
            return Automation.OffHours;
        }

        return ListedSkusCoverOrder(state, policy) ? Automation.ListedSku : Automation.None;
    }

    private static bool ListedSkusCoverOrder(RefundState state, ShopPolicy policy) =>
        !policy.AutoRefundSkus.IsEmpty && state.OrderSkus.All(policy.AutoRefundSkus.Contains);

    /// <summary>拦截自动退 needs the parcel not out for delivery now (as logistics last reported it), not when the refund was requested.</summary>
    private static bool InterceptAutoRefundApplies(RefundDecisionContext context) =>
        context.State.Scenario == RefundScenario.InTransitRefundOnly && !context.Order.OutForDelivery
        && context.Policy.InterceptAutoRefund.Allows(context.State.RequestedAmount);

    /// <summary>What agreeing to a request means for each kind: money back, a return, or a replacement.</summary>
    private static RefundDecisionContext Agree(RefundDecisionContext context, Actor actor, string? address) => context.State.Kind switch
    {
        RefundKind.RefundOnly or RefundKind.PriceDifference => context.Execute(actor, Automation.None),
        RefundKind.Reship => context.ApproveReplacement(actor, Automation.None),
        _ => context.ApproveReturn(actor, Automation.None, address),
    };

    /// <summary>The seller agrees; what that means depends on how far the refund got.</summary>
    private static Decision<RefundEvent> Approve(RefundDecisionContext context, ApproveRefund approve)
    {
        var state = context.State;
        var stage = state.Status == RefundStatus.SellerRefused ? state.StatusBeforeRefusal!.Value : state.Status;
        return stage switch
        {
            RefundStatus.WaitingSellerAgree => Agree(context, Actor.Seller, approve.ReturnAddress).Done(),
            RefundStatus.WaitingSellerConfirmGoods or RefundStatus.ReturnSigned => SettleReturn(context, Actor.Seller, Automation.None).Done(),
            RefundStatus.WaitingBuyerReturn or RefundStatus.WaitingReplacement => Errors.RefundAlreadyDecided(state.Status.ToString()),
            _ => Illegal(state, "approve"),
        };
    }

    /// <summary>The returned goods are (taken as) received: money goes back, or an exchange moves on to the replacement.</summary>
    private static RefundDecisionContext SettleReturn(RefundDecisionContext context, Actor actor, Automation automation) =>
        context.State.MovesMoney
            ? context.Execute(actor, automation)
            : context.ApproveReplacement(actor, automation);

    private static Decision<RefundEvent> Refuse(RefundDecisionContext context, RefuseRefund refuse)
    {
        var state = context.State;
        if (string.IsNullOrWhiteSpace(refuse.Reason))
        {
            return Errors.RefundRefusalReasonRequired;
        }

        switch (state.Status)
        {
            case RefundStatus.WaitingSellerAgree
                when state.Scenario == RefundScenario.InTransitRefundOnly
                     && state.OrderFlags.SpecialCategory == SpecialCategory.None
                     && state.Interception != InterceptionStatus.Failed:
                return Errors.RefundRefusalNotAllowed;
            case RefundStatus.WaitingSellerConfirmGoods or RefundStatus.ReturnSigned when state.JudgmentWinner == JudgmentWinner.Buyer:
                // The platform already judged for the buyer: once the goods are back the seller refunds, no second round.
                return Errors.RefundAlreadyDecided("judged for the buyer");
            case RefundStatus.WaitingSellerAgree or RefundStatus.WaitingSellerConfirmGoods or RefundStatus.ReturnSigned:
                return context.Emit(new RefundRefused(context.Now, refuse.Reason))
                    .Schedule(DeadlineKind.BuyerEscalation, context.Policy.Deadlines.BuyerEscalation).Done();
            case RefundStatus.SellerRefused or RefundStatus.WaitingBuyerReturn or RefundStatus.WaitingReplacement:
                return Errors.RefundAlreadyDecided(state.Status.ToString());
            default:
                return Illegal(state, "refuse");
        }
    }

    private static Decision<RefundEvent> Modify(RefundDecisionContext context, ModifyRefund modify)
    {
        var state = context.State;
        var canModify = state.Status == RefundStatus.WaitingSellerAgree
                        || (state.Status == RefundStatus.SellerRefused && state.StatusBeforeRefusal == RefundStatus.WaitingSellerAgree);
        if (!canModify)
        {
            return Illegal(state, "modify");
        }

        var amount = modify.Amount ?? state.RequestedAmount;
        if (state.MovesMoney)
        {
            if (Money.ValidatePositive(amount, "amount") is { } amountError)
            {
                return amountError;
            }

            if (amount > state.RequestedAmount)
            {
                return Errors.RefundAmountExceedsRequested(amount, state.RequestedAmount);
            }
        }
        else if (amount != 0)
        {
            return Errors.RefundAmountNotAllowed;
        }

        var reason = modify.Reason ?? state.CurrentReason;
        if (!RefundReasons.AppliesTo(reason, state.Phase))
        {
            return Errors.RefundReasonNotApplicable(reason.ToString(), state.Phase.ToString());
        }

        var wasRefused = state.Status == RefundStatus.SellerRefused;
        context.Emit(new RefundModified(context.Now, amount, reason));
        RaiseOnce(context, FraudSignal.RepeatedModification, context.State.ModificationCount >= RepeatedModifications);
        return (wasRefused ? context.ScheduleSellerResponse() : context).Done();
    }

    private static Decision<RefundEvent> ShipReturn(RefundDecisionContext context, ShipReturn ship)
    {
        if (string.IsNullOrWhiteSpace(ship.TrackingNumber))
        {
            return Errors.RefundTrackingRequired;
        }

        if (string.Equals(ship.TrackingNumber.Trim(), context.Order.TrackingNumber?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return Errors.RefundReturnTrackingIsOutbound;
        }

        if (context.State.Status != RefundStatus.WaitingBuyerReturn)
        {
            return Illegal(context.State, "return shipped");
        }

        context.Emit(new ReturnShipped(context.Now, ship.TrackingNumber))
            .Schedule(DeadlineKind.SellerConfirmReceipt, context.Policy.Deadlines.SellerConfirmReceipt);
        RaiseOnce(context, FraudSignal.SharedReturnTracking,
            context.Order.OtherReturnTrackings.Contains(ship.TrackingNumber.Trim(), StringComparer.OrdinalIgnoreCase));
        return context.Done();
    }

    /// <summary>多次修改协议 (seed 002) from the third modification on.</summary>
    private const int RepeatedModifications = 3;

    private static void RaiseOnce(RefundDecisionContext context, FraudSignal signal, bool seen)
    {
        if (seen && !context.State.FraudSignals.Contains(signal))
        {
            context.Emit(new FraudSignalRaised(context.Now, signal));
        }
    }

    /// <summary>
    /// The order's parcel was signed for: a refund-only that says it never arrived (and is still open) is flagged
    /// 已收到货仅退款. Decided by the order aggregate when the delivery arrives.
    /// </summary>
    public static Decision<RefundEvent> OnOrderDelivered(RefundState refund, DateTimeOffset now) =>
        !refund.IsTerminal && refund.Kind == RefundKind.RefundOnly
        && refund.CurrentReason is RefundReason.ParcelNotArriving or RefundReason.NoTracking
        && !refund.FraudSignals.Contains(FraudSignal.ClaimedNotReceivedButDelivered)
            ? Decision<RefundEvent>.Accept([new FraudSignalRaised(now, FraudSignal.ClaimedNotReceivedButDelivered)])
            : Decision<RefundEvent>.NoOp();

    private static Decision<RefundEvent> OnReturnSigned(RefundDecisionContext context)
    {
        if (context.State.Status != RefundStatus.WaitingSellerConfirmGoods)
        {
            return Illegal(context.State, "return signed");
        }

        return AfterReturnSigned(context.Emit(new ReturnSigned(context.Now, Actor.Logistics))).Done();
    }

    private static RefundDecisionContext AfterReturnSigned(RefundDecisionContext context)
    {
        if (!context.State.MovesMoney)
        {
            return context.AwaitReplacement(); // an exchange now waits for the seller to ship the replacement
        }

        return context.Policy.AutoRefundOnReturnSigned
            ? context.Execute(Actor.System, Automation.AutoRefundOnReturnSigned)
            : context.Schedule(DeadlineKind.RefundAfterReturnSigned, context.Policy.Deadlines.RefundAfterReturnSigned);
    }

    private static Decision<RefundEvent> OnWarehouseReceived(RefundDecisionContext context)
    {
        var state = context.State;
        if (state.WarehouseReceived)
        {
            return Illegal(state, "warehouse received (again)");
        }

        switch (state.Status)
        {
            case RefundStatus.WaitingSellerConfirmGoods:
                // The ERP booking proves the parcel arrived even if the signing event has not reached us yet.
                AfterReturnSigned(context.Emit(new ReturnSigned(context.Now, Actor.Warehouse)));
                break;
            case RefundStatus.ReturnSigned:
            case RefundStatus.WaitingReplacement when state.Kind == RefundKind.Exchange:
                break;
            default:
                return Illegal(state, "warehouse received");
        }

        if (context.State.IsTerminal)
        {
            return context.Done();
        }

        context.Emit(new WarehouseReceived(context.Now));
        return (context.State.MovesMoney && context.Policy.AutoRefundOnWarehouseReceived
            ? context.Execute(Actor.System, Automation.AutoRefundOnWarehouseReceived)
            : context).Done();
    }

    /// <summary>Interception follows the parcel, so it is accepted even after a 0-second refund already ended the refund.</summary>
    private static Decision<RefundEvent> Intercept(RefundDecisionContext context, RequestInterception intercept)
    {
        var state = context.State;
        if (state.Scenario is not (RefundScenario.NotShippedRefundOnly or RefundScenario.InTransitRefundOnly) || state.Status == RefundStatus.Closed)
        {
            return Errors.InterceptionNotApplicable;
        }

        if (state.Interception != InterceptionStatus.None)
        {
            return Errors.InterceptionAlreadyRequested;
        }

        context.Emit(new InterceptionRequested(context.Now, intercept.RequestedBy));
        var waiting = context.State.Status == RefundStatus.WaitingSellerAgree;
        return (waiting && InterceptAutoRefundApplies(context)
            ? context.Execute(Actor.System, Automation.InterceptAutoRefund)
            : context).Done();
    }

    private static Decision<RefundEvent> ReportInterception(RefundDecisionContext context, ReportInterception report)
    {
        if (context.State.Interception != InterceptionStatus.Requested)
        {
            return Errors.InterceptionNotRequested;
        }

        context.Emit(new InterceptionReported(context.Now, report.Succeeded));
        var autoRefund = report.Succeeded && context.State.Status == RefundStatus.WaitingSellerAgree
                         && context.Policy.InterceptSuccessAutoRefund.Allows(context.State.RequestedAmount);
        return (autoRefund ? context.Execute(Actor.System, Automation.InterceptSuccessAutoRefund) : context).Done();
    }

    private static Decision<RefundEvent> MakeOffer(RefundDecisionContext context, Offer offer)
    {
        var state = context.State;
        if (state.Status is RefundStatus.WaitingBuyerConfirm or RefundStatus.PlatformReview)
        {
            return Illegal(state, "offer");
        }

        if (state.PendingOffer is not null)
        {
            return Errors.OfferAlreadyPending;
        }

        var returnNotShipped = state.Status is RefundStatus.WaitingSellerAgree or RefundStatus.WaitingBuyerReturn
                               || (state.Status == RefundStatus.SellerRefused && state.StatusBeforeRefusal == RefundStatus.WaitingSellerAgree);
        var error = offer.Kind switch
        {
            OfferKind.PartialRefund when !state.MovesMoney => Errors.OfferNotApplicable,
            OfferKind.PartialRefund => Money.ValidatePositive(offer.Amount, "offer.amount")
                                       ?? (offer.Amount > state.RequestedAmount ? Errors.RefundAmountExceedsRequested(offer.Amount, state.RequestedAmount) : null),
            OfferKind.CancelReturnWithGift or OfferKind.CancelReturnWithReship =>
                state.Kind == RefundKind.ReturnAndRefund && returnNotShipped ? null : Errors.OfferNotApplicable,
            OfferKind.CouponCompensation => Money.ValidatePositive(offer.Amount, "offer.amount"),
            _ => Errors.OfferNotApplicable,
        };
        return error ?? context.Emit(new OfferMade(context.Now, offer)).Done();
    }

    private static Decision<RefundEvent> AnswerOffer(RefundDecisionContext context, AnswerOffer answer)
    {
        if (context.State.PendingOffer is not { } offer)
        {
            return Errors.OfferNonePending;
        }

        context.Emit(new OfferAnswered(context.Now, answer.Accepted));
        if (!answer.Accepted)
        {
            return context.Done(); // the original request continues, with its deadline still running
        }

        return (offer.Kind switch
        {
            OfferKind.PartialRefund => context.Execute(Actor.Buyer, Automation.None, offer.Amount),
            OfferKind.CancelReturnWithGift => context.Close(Actor.Buyer, RefundOutcome.ResolvedWithGift),
            OfferKind.CancelReturnWithReship => context.Close(Actor.Buyer, RefundOutcome.ResolvedWithReship),
            _ => context.Close(Actor.Buyer, RefundOutcome.ResolvedWithCoupon),
        }).Done();
    }

    private static Decision<RefundEvent> JudgeDispute(RefundDecisionContext context, Judge judge)
    {
        var state = context.State;
        if (state.Status != RefundStatus.PlatformReview)
        {
            return Errors.InterventionNotRequested;
        }

        var amount = judge.Amount ?? state.RequestedAmount;
        if (state.MovesMoney && judge.Winner == JudgmentWinner.Buyer)
        {
            var amountError = Money.ValidatePositive(amount, "amount")
                              ?? (amount > state.RequestedAmount ? Errors.RefundAmountExceedsRequested(amount, state.RequestedAmount) : null);
            if (amountError is not null)
            {
                return amountError;
            }
        }

        // Responsibility only counts against the merchant when the buyer won.
        var buyerWins = judge.Winner == JudgmentWinner.Buyer;
        var awarded = buyerWins && state.MovesMoney && amount < state.RequestedAmount ? amount : (decimal?)null;
        context.Emit(new RefundJudged(context.Now, judge.Winner, judge.MerchantResponsible && buyerWins, awarded));
        if (!buyerWins)
        {
            return context.Close(Actor.Platform, RefundOutcome.ClosedByJudgment).Done();
        }

        // A return or an exchange refused before the seller agreed to it: the goods are still with the buyer, so the
        // win is the return the seller refused (then the money, or the replacement, once the goods are back).
        var goodsStillWithBuyer = state.Kind is RefundKind.ReturnAndRefund or RefundKind.Exchange
                                  && state.StatusBeforeDispute == RefundStatus.WaitingSellerAgree;
        if (goodsStillWithBuyer)
        {
            return context.ApproveReturn(Actor.Platform, Automation.None).Done();
        }

        return (state.MovesMoney
            ? context.Execute(Actor.Platform, Automation.None)
            : context.ApproveReplacement(Actor.Platform, Automation.None)).Done();
    }

    /// <summary>
    /// 申请小二介入. The buyer, once the seller refused; the seller, over a request it will not simply answer or over
    /// returned goods it disputes (never once the platform has judged).
    /// </summary>
    private static Decision<RefundEvent> RequestDispute(RefundDecisionContext context, Actor requestedBy)
    {
        var state = context.State;
        var allowed = requestedBy switch
        {
            Actor.Buyer => state.Status == RefundStatus.SellerRefused,
            Actor.Seller => state.JudgmentWinner is null
                            && state.Status is RefundStatus.WaitingSellerAgree or RefundStatus.WaitingSellerConfirmGoods or RefundStatus.ReturnSigned,
            _ => false,
        };
        return allowed
            ? context.Emit(new InterventionRequested(context.Now, requestedBy)).ScheduleJudgment().Done()
            : Errors.InterventionNotAllowed;
    }

    private const int MessageLength = 500;
    private const int MessagePictures = 9;
    private const int PictureUrlLength = 500;

    private static Decision<RefundEvent> Evidence(RefundDecisionContext context, SubmitEvidence evidence)
    {
        if (evidence.Owner is not (Actor.Buyer or Actor.Seller or Actor.Platform))
        {
            return Errors.RefundMessageInvalid("owner must be the buyer, the seller or the platform.");
        }

        if (string.IsNullOrWhiteSpace(evidence.Content) || evidence.Content.Length > MessageLength)
        {
            return Errors.RefundMessageInvalid($"content must have 1 to {MessageLength} characters.");
        }

        var pictures = evidence.PictureUrls.IsDefault ? [] : evidence.PictureUrls;
        if (pictures.Length > MessagePictures
            || pictures.Any(url => url.Length > PictureUrlLength
                                   || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            return Errors.RefundMessageInvalid($"at most {MessagePictures} pictures, each an http(s) URL of at most {PictureUrlLength} characters.");
        }

        return context.Emit(new EvidenceSubmitted(context.Now, evidence.Owner, evidence.Content, pictures)).Done();
    }

    private static Decision<RefundEvent> ShipReplacement(RefundDecisionContext context, ShipReplacement ship)
    {
        if (string.IsNullOrWhiteSpace(ship.TrackingNumber))
        {
            return Errors.RefundTrackingRequired;
        }

        if (context.State.Status != RefundStatus.WaitingReplacement)
        {
            return Illegal(context.State, "replacement shipped");
        }

        return context.Emit(new ReplacementShipped(context.Now, ship.TrackingNumber))
            .Schedule(DeadlineKind.BuyerReceiveReplacement, context.Policy.Deadlines.BuyerReceiveReplacement).Done();
    }

    private static Decision<RefundEvent> ConvertToRefund(RefundDecisionContext context, ConvertExchangeToRefund convert)
    {
        var state = context.State;
        if (state.Kind != RefundKind.Exchange || state.Status != RefundStatus.WaitingReplacement)
        {
            return Illegal(state, "convert to refund");
        }

        if (Money.ValidatePositive(convert.Amount, "amount") is { } amountError)
        {
            return amountError;
        }

        if (convert.Amount > context.Order.RefundableAmount)
        {
            return Errors.RefundAmountExceedsRefundable(convert.Amount, context.Order.RefundableAmount);
        }

        // The goods are back with the seller: the money goes at once.
        return context.Emit(new ExchangeConvertedToRefund(context.Now, convert.Amount)).Execute(Actor.System, Automation.None).Done();
    }

    private static Decision<RefundEvent> Appeal(RefundDecisionContext context, FileAppeal appeal)
    {
        var state = context.State;
        if (string.IsNullOrWhiteSpace(appeal.Reason))
        {
            return Errors.FieldRequired("reason");
        }

        if (!state.IsTerminal)
        {
            return Errors.RefundNotFinished;
        }

        if (state.Appealed)
        {
            return Errors.RefundAlreadyAppealed;
        }

        // The window is the one scheduled when the refund ended, whatever the policy says now.
        var windowEnd = state.Deadlines.TryGetValue(DeadlineKind.AppealWindow, out var due) ? due : state.EndedAt!.Value + context.Policy.Deadlines.AppealWindow;
        if (state.AppealWindowClosed || context.Now >= windowEnd)
        {
            return Errors.RefundAppealWindowClosed;
        }

        return context.Emit(new AppealFiled(context.Now, appeal.Reason)).Done();
    }

    /// <summary>A timer fired. If the refund moved on, the deadline is gone and this is a no-op.</summary>
    private static Decision<RefundEvent> Expire(RefundDecisionContext context, DeadlineKind kind)
    {
        var state = context.State;
        if (!state.Deadlines.TryGetValue(kind, out var due) || due > context.Now)
        {
            return Decision<RefundEvent>.NoOp();
        }

        context.Emit(new RefundDeadlineExpired(context.Now, kind));
        return (kind switch
        {
            DeadlineKind.SellerResponse => state.Kind switch
            {
                RefundKind.RefundOnly or RefundKind.PriceDifference => context.Execute(Actor.System, Automation.Timeout),
                RefundKind.Reship => context.ApproveReplacement(Actor.System, Automation.Timeout),
                _ => context.ApproveReturn(Actor.System, Automation.Timeout),
            },
            DeadlineKind.SellerConfirmReceipt or DeadlineKind.RefundAfterReturnSigned => SettleReturn(context, Actor.System, Automation.Timeout),
            DeadlineKind.BuyerShipReturn or DeadlineKind.BuyerEscalation or DeadlineKind.BuyerConfirm => context.Close(Actor.System, RefundOutcome.ClosedByTimeout),
            DeadlineKind.BuyerReceiveReplacement => context.EndReplacement(Actor.System, Automation.Timeout),
            _ => context, // judgment overdue and appeal window closed are flags set by Apply
        }).Done();
    }
}
