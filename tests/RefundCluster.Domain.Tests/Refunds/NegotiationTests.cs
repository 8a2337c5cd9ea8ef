namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>售后协商: seller offers, buyer accepts (the offer executes) or rejects (the request continues).</summary>
public sealed class NegotiationTests
{
    private static RefundDriver ReturnRequested() =>
        RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 100m, RefundReason.Workmanship);

    [Fact]
    public void An_accepted_partial_refund_ends_the_return_and_the_buyer_keeps_the_item()
    {
        var refund = ReturnRequested().SellerOffers(OfferKind.PartialRefund, 85m);
        Assert.Equal(new Offer(OfferKind.PartialRefund, 85m, null), refund.State.PendingOffer);

        refund.BuyerAnswers(accepted: true);

        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.Equal(RefundOutcome.PartiallyRefunded, refund.State.Outcome);
        Assert.Equal(85m, refund.State.RefundedAmount);
        Assert.Equal(Actor.Buyer, refund.State.EndedBy);
        Assert.Null(refund.State.PendingOffer);
        Assert.Null(refund.State.ReturnTrackingNumber);
    }

    [Fact]
    public void A_rejected_offer_lets_the_original_request_continue_with_its_deadline()
    {
        var refund = ReturnRequested();
        var due = refund.State.Deadlines[DeadlineKind.SellerResponse];

        refund.Advance(TimeSpan.FromHours(3)).SellerOffers(OfferKind.PartialRefund, 85m).BuyerAnswers(accepted: false);

        Assert.Equal(RefundStatus.WaitingSellerAgree, refund.State.Status);
        Assert.Null(refund.State.PendingOffer);
        Assert.Equal(due, refund.State.Deadlines[DeadlineKind.SellerResponse]);
        Assert.Equal(100m, refund.State.RequestedAmount);
        refund.SellerApproves();
        Assert.Equal(RefundStatus.WaitingBuyerReturn, refund.State.Status);
    }

    [Theory]
    [InlineData(OfferKind.CancelReturnWithGift, 0, RefundOutcome.ResolvedWithGift)]
    [InlineData(OfferKind.CancelReturnWithReship, 0, RefundOutcome.ResolvedWithReship)]
    [InlineData(OfferKind.CouponCompensation, 20, RefundOutcome.ResolvedWithCoupon)]
    public void Accepted_non_money_offers_close_the_refund_without_a_payout(OfferKind kind, int amount, RefundOutcome outcome)
    {
        var refund = ReturnRequested().SellerOffers(kind, amount).BuyerAnswers(accepted: true);

        Assert.Equal(RefundStatus.Closed, refund.State.Status);
        Assert.Equal(outcome, refund.State.Outcome);
        Assert.Equal(0m, refund.State.RefundedAmount);
        Assert.Empty(refund.Events.OfType<RefundExecuted>());
    }

    [Fact]
    public void Cancel_return_offers_are_still_possible_while_the_buyer_has_not_shipped() =>
        Assert.NotNull(ReturnRequested().SellerApproves().SellerOffers(OfferKind.CancelReturnWithGift).State.PendingOffer);

    [Fact]
    public void Cancel_return_offers_do_not_apply_once_the_return_is_on_its_way() =>
        ReturnRequested().SellerApproves().BuyerShipsReturn()
            .Try(new MakeOffer(new Offer(OfferKind.CancelReturnWithReship, 0m, null))).ShouldFailWith("offer.not_applicable");

    [Fact]
    public void Cancel_return_offers_do_not_apply_to_a_refund_only_request() =>
        RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 50m)
            .Try(new MakeOffer(new Offer(OfferKind.CancelReturnWithGift, 0m, "a mug"))).ShouldFailWith("offer.not_applicable");

    [Fact]
    public void A_partial_refund_offer_does_not_apply_to_an_exchange() =>
        RefundDriver.Received(RefundKind.Exchange, TestPolicies.Manual)
            .Try(new MakeOffer(new Offer(OfferKind.PartialRefund, 5m, null))).ShouldFailWith("offer.not_applicable");

    [Fact]
    public void A_partial_refund_offer_cannot_exceed_the_request() =>
        ReturnRequested().Try(new MakeOffer(new Offer(OfferKind.PartialRefund, 100.01m, null))).ShouldFailWith("refund.amount_exceeds_requested");

    [Fact]
    public void A_coupon_needs_a_value() =>
        ReturnRequested().Try(new MakeOffer(new Offer(OfferKind.CouponCompensation, 0m, null))).ShouldFailWith("amount.not_positive");

    [Fact]
    public void Only_one_offer_waits_at_a_time_and_only_a_pending_offer_can_be_answered()
    {
        var refund = ReturnRequested();
        refund.Try(new AnswerOffer(true)).ShouldFailWith("offer.none_pending");

        refund.SellerOffers(OfferKind.CouponCompensation, 10m);
        refund.Try(new MakeOffer(new Offer(OfferKind.PartialRefund, 50m, null))).ShouldFailWith("offer.already_pending");
    }

    [Fact]
    public void Modifying_the_request_withdraws_a_pending_offer_so_it_can_never_pay_more_than_is_now_asked()
    {
        var refund = RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 100m).SellerOffers(OfferKind.PartialRefund, 80m)
            .Do(new ModifyRefund(50m, null));

        Assert.Null(refund.State.PendingOffer);
        refund.Try(new AnswerOffer(true)).ShouldFailWith("offer.none_pending");
        refund.SellerOffers(OfferKind.PartialRefund, 40m).BuyerAnswers(true);
        Assert.Equal(40m, refund.State.RefundedAmount);
    }

    [Fact]
    public void The_seller_may_negotiate_after_refusing()
    {
        var refund = ReturnRequested().SellerRefuses().SellerOffers(OfferKind.PartialRefund, 30m).BuyerAnswers(true);

        Assert.Equal(30m, refund.State.RefundedAmount);
        Assert.Equal(RefundOutcome.PartiallyRefunded, refund.State.Outcome);
    }

    [Fact]
    public void A_pending_cancel_return_offer_lapses_when_the_buyer_ships_the_return()
    {
        var refund = ReturnRequested().SellerApproves().SellerOffers(OfferKind.CancelReturnWithGift).BuyerShipsReturn();

        Assert.Null(refund.State.PendingOffer);
        refund.Try(new AnswerOffer(true)).ShouldFailWith("offer.none_pending");
    }

    [Fact]
    public void An_accepted_offer_of_the_full_amount_is_a_plain_refund()
    {
        var refund = ReturnRequested().SellerOffers(OfferKind.PartialRefund, 100m).BuyerAnswers(true);

        Assert.Equal(RefundOutcome.Refunded, refund.State.Outcome);
        Assert.Equal(100m, refund.State.RefundedAmount);
    }
}
