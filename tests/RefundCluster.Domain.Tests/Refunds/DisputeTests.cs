using RefundCluster.Domain.Metrics;

namespace RefundCluster.Domain.Tests.Refunds;

/// <summary>Refusal → buyer escalates (小二介入) → platform judgment.</summary>
public sealed class DisputeTests
{
    private static RefundDriver UnderReview() =>
        RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 80m, RefundReason.NotAsDescribed).BuyerEscalates();

    [Fact]
    public void Escalating_a_refusal_puts_the_refund_under_platform_review()
    {
        var refund = UnderReview();

        Assert.Equal(RefundStatus.PlatformReview, refund.State.Status);
        Assert.Equal(InterventionStage.Requested, refund.State.Intervention);
        Assert.True(refund.State.DisputeRaised);
        Assert.Equal(Actor.Platform, refund.State.WaitingOn);
        Assert.Equal("SELLER_REFUSE_BUYER", refund.State.TaobaoStatus);
        // Five working days from Tuesday the 11th, 10:00: the weekend does not count, so Tuesday the 18th, 10:00.
        Assert.Equal(Clock.Local(2025, 11, 18, 10, 0), refund.State.Deadlines[DeadlineKind.PlatformJudgment]);
        Assert.False(refund.State.Deadlines.ContainsKey(DeadlineKind.BuyerEscalation));

        refund.Do(new StartIntervention());
        Assert.Equal(InterventionStage.Intervened, refund.State.Intervention);
    }

    [Fact]
    public void The_buyer_wins_and_the_merchant_is_held_responsible()
    {
        var refund = UnderReview().Do(new StartIntervention()).Do(new Judge(JudgmentWinner.Buyer, MerchantResponsible: true, Amount: null));

        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.Equal(80m, refund.State.RefundedAmount);
        Assert.Equal(RefundOutcome.Refunded, refund.State.Outcome);
        Assert.Equal(JudgmentWinner.Buyer, refund.State.JudgmentWinner);
        Assert.Equal(InterventionStage.Judged, refund.State.Intervention);
        Assert.True(refund.State.MerchantResponsible);
        Assert.True(refund.State.TakenUpByPlatform);
        Assert.Equal(Actor.Platform, refund.State.EndedBy);
    }

    [Fact]
    public void The_platform_may_award_part_of_the_amount()
    {
        var refund = UnderReview().Do(new Judge(JudgmentWinner.Buyer, false, 30m));

        Assert.Equal(30m, refund.State.RefundedAmount);
        Assert.Equal(RefundOutcome.PartiallyRefunded, refund.State.Outcome);
        Assert.False(refund.State.MerchantResponsible);
    }

    [Fact]
    public void The_platform_cannot_award_more_than_requested() =>
        UnderReview().Try(new Judge(JudgmentWinner.Buyer, true, 80.01m)).ShouldFailWith("refund.amount_exceeds_requested");

    [Fact]
    public void The_seller_wins_and_responsibility_never_counts_against_the_merchant()
    {
        var refund = UnderReview().Do(new Judge(JudgmentWinner.Seller, MerchantResponsible: true, Amount: null));

        refund.State.ShouldBeClosed(RefundOutcome.ClosedByJudgment, Actor.Platform);
        Assert.Equal(JudgmentWinner.Seller, refund.State.JudgmentWinner);
        Assert.False(refund.State.MerchantResponsible);
        Assert.True(refund.State.TakenUpByPlatform);
    }

    [Fact]
    public void A_buyer_win_on_an_exchange_refused_before_the_return_asks_for_the_goods_back_first()
    {
        var refund = RefundDriver.Received(RefundKind.Exchange, TestPolicies.Manual, reason: RefundReason.WrongItem)
            .BuyerEscalates().Do(new Judge(JudgmentWinner.Buyer, true, null));

        Assert.Equal(RefundStatus.WaitingBuyerReturn, refund.State.Status);
        Assert.Empty(refund.Events.OfType<ReplacementShipped>());

        refund.BuyerShipsReturn().ReturnSigned();
        Assert.Equal(RefundStatus.WaitingReplacement, refund.State.Status);
    }

    [Fact]
    public void A_buyer_win_on_a_return_refused_before_the_return_pays_nothing_until_the_goods_are_back()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 80m, RefundReason.NotAsDescribed)
            .BuyerEscalates().Do(new StartIntervention()).Do(new Judge(JudgmentWinner.Buyer, MerchantResponsible: true, Amount: null));

        Assert.Equal(RefundStatus.WaitingBuyerReturn, refund.State.Status);
        Assert.Equal(0m, refund.State.RefundedAmount);
        Assert.Empty(refund.Events.OfType<RefundExecuted>());
        Assert.Equal(Actor.Buyer, refund.State.WaitingOn);
        Assert.Equal(refund.Now.AddDays(7), refund.State.Deadlines[DeadlineKind.BuyerShipReturn]);

        refund.BuyerShipsReturn().ReturnSigned();
        refund.Try(new RefuseRefund("used")).ShouldFailWith("refund.already_decided"); // judged: no second round
        refund.ExpireWhenDue(DeadlineKind.RefundAfterReturnSigned);

        Assert.Equal(80m, refund.Payout.Amount);
        Assert.Equal(RefundOutcome.Refunded, refund.State.Outcome);
        Assert.True(refund.State.TakenUpByPlatform);
    }

    [Fact]
    public void A_buyer_who_wins_a_return_but_never_ships_it_gets_nothing()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 80m, RefundReason.NotAsDescribed)
            .BuyerEscalates().Do(new Judge(JudgmentWinner.Buyer, true, null))
            .ExpireWhenDue(DeadlineKind.BuyerShipReturn);

        refund.State.ShouldBeClosed(RefundOutcome.ClosedByTimeout, Actor.System);
    }

    [Fact]
    public void A_partial_award_on_a_return_is_what_is_paid_once_the_goods_are_back()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 80m, RefundReason.NotAsDescribed)
            .BuyerEscalates().Do(new Judge(JudgmentWinner.Buyer, false, 30m));

        Assert.Equal(30m, refund.State.AwardedAmount);
        refund.BuyerShipsReturn().ReturnSigned().SellerApproves();

        Assert.Equal(30m, refund.Payout.Amount);
        Assert.Equal(RefundOutcome.PartiallyRefunded, refund.State.Outcome);
    }

    [Fact]
    public void A_return_refused_after_the_goods_came_back_is_paid_when_the_buyer_wins()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 80m, RefundReason.NotAsDescribed)
            .ReturnDelivered().BuyerEscalates().Do(new Judge(JudgmentWinner.Buyer, true, null));

        Assert.Equal(RefundStatus.Succeeded, refund.State.Status);
        Assert.Equal(80m, refund.Payout.Amount);
        Assert.Equal(Actor.Platform, refund.State.EndedBy);
    }

    [Fact]
    public void A_refund_the_platform_took_up_is_not_self_completed_even_if_the_buyer_withdraws()
    {
        var refund = UnderReview().Do(new StartIntervention()).Do(new CancelRefund());

        refund.State.ShouldBeClosed(RefundOutcome.CancelledByBuyer, Actor.Buyer);
        Assert.True(refund.State.TakenUpByPlatform);
        Assert.True(RefundFact.Of(refund.State).TakenUpByPlatform);
    }

    [Fact]
    public void Withdrawing_the_dispute_closes_the_refund_but_the_dispute_still_counts()
    {
        var refund = UnderReview().Do(new CancelRefund());

        refund.State.ShouldBeClosed(RefundOutcome.CancelledByBuyer, Actor.Buyer);
        Assert.True(refund.State.DisputeRaised);
        Assert.False(refund.State.TakenUpByPlatform);
    }

    [Fact]
    public void Intervention_can_only_follow_a_refusal() =>
        RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 80m)
            .Try(new RequestIntervention()).ShouldFailWith("intervention.not_allowed");

    [Fact]
    public void Judging_or_starting_needs_a_pending_review()
    {
        var refused = RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 80m).SellerRefuses();
        refused.Try(new Judge(JudgmentWinner.Buyer, true, null)).ShouldFailWith("intervention.not_requested");
        refused.Try(new StartIntervention()).ShouldFailWith("intervention.not_requested");

        var started = UnderReview().Do(new StartIntervention());
        started.Try(new StartIntervention()).ShouldFailWith("intervention.not_requested");
    }

    [Fact]
    public void Under_review_the_seller_can_neither_approve_nor_offer()
    {
        var refund = UnderReview();

        refund.Try(new ApproveRefund(null)).ShouldFailWith("refund.illegal_transition");
        refund.Try(new MakeOffer(new Offer(OfferKind.CouponCompensation, 5m, null))).ShouldFailWith("refund.illegal_transition");
    }

    [Fact]
    public void The_seller_may_ask_for_intervention_and_it_does_not_count_as_the_buyers_help_request()
    {
        var refund = RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 80m).Do(new RequestIntervention(Actor.Seller));

        Assert.Equal(RefundStatus.PlatformReview, refund.State.Status);
        Assert.Equal(Actor.Seller, refund.State.InterventionRequestedBy);
        Assert.False(refund.State.DisputeRaised);
        Assert.Null(RefundFact.Of(refund.State).DisputeRaisedAt);
        Assert.False(refund.State.Deadlines.ContainsKey(DeadlineKind.SellerResponse));
    }

    [Fact]
    public void A_seller_raised_dispute_over_a_return_not_yet_sent_back_is_won_by_the_buyer_only_with_the_goods()
    {
        var refund = RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 80m, RefundReason.NotAsDescribed)
            .Do(new RequestIntervention(Actor.Seller)).Do(new Judge(JudgmentWinner.Buyer, false, null));

        Assert.Equal(RefundStatus.WaitingBuyerReturn, refund.State.Status);
    }

    [Fact]
    public void Who_may_ask_for_intervention_and_when()
    {
        var waiting = RefundDriver.Received(RefundKind.RefundOnly, TestPolicies.Manual, 80m);
        waiting.Try(new RequestIntervention(Actor.Buyer)).ShouldFailWith("intervention.not_allowed"); // the seller has not refused
        waiting.Try(new RequestIntervention(Actor.Logistics)).ShouldFailWith("intervention.not_allowed");

        var judged = RefundDriver.Received(RefundKind.ReturnAndRefund, TestPolicies.Manual, 80m, RefundReason.NotAsDescribed)
            .BuyerEscalates().Do(new Judge(JudgmentWinner.Buyer, true, null)).BuyerShipsReturn();
        judged.Try(new RequestIntervention(Actor.Seller)).ShouldFailWith("intervention.not_allowed"); // judged once: no second round
    }

    [Theory]
    [InlineData(2025, 11, 14, 2025, 11, 21)] // Friday → the next Friday
    [InlineData(2025, 11, 15, 2025, 11, 21)] // Saturday → counted from Monday
    [InlineData(2025, 11, 17, 2025, 11, 24)] // Monday → the next Monday
    public void The_judgment_promise_counts_working_days_in_the_shops_time(int y, int m, int d, int dueY, int dueM, int dueD) =>
        Assert.Equal(Clock.Local(dueY, dueM, dueD, 10, 0), WorkingDays.Add(Clock.Local(y, m, d, 10, 0), 5, 8));

    [Fact]
    public void Both_sides_submit_evidence_that_the_refund_keeps_in_order()
    {
        var refund = UnderReview()
            .Do(new SubmitEvidence(Actor.Buyer, "签收底单: never received", ["https://img.example/1.jpg", "https://img.example/2.jpg"]))
            .Do(new SubmitEvidence(Actor.Seller, "验货凭证", ["https://img.example/3.jpg"]));

        Assert.Equal([Actor.Buyer, Actor.Seller], refund.State.Messages.Select(m => m.Owner));
        Assert.Equal(2, refund.State.Messages[0].PictureUrls.Length);
        Assert.Equal(RefundStatus.PlatformReview, refund.State.Status);
    }

    [Theory]
    [InlineData(" ", "https://img.example/1.jpg")]
    [InlineData("photo", "ftp://img.example/1.jpg")]
    [InlineData("photo", "not a url")]
    public void Evidence_must_be_text_with_http_picture_urls(string content, string url) =>
        UnderReview().Try(new SubmitEvidence(Actor.Buyer, content, [url])).ShouldFailWith("refund.message_invalid");

    [Fact]
    public void Evidence_is_refused_once_the_refund_has_ended() =>
        UnderReview().Do(new Judge(JudgmentWinner.Seller, false, null))
            .Try(new SubmitEvidence(Actor.Buyer, "late", [])).ShouldFailWith("refund.already_finished");

    [Fact]
    public void An_upheld_appeal_clears_the_merchants_responsibility()
    {
        var refund = UnderReview().Do(new Judge(JudgmentWinner.Buyer, true, null));
        Assert.True(RefundFact.Of(refund.State).MerchantResponsible);

        refund.Do(new FileAppeal("the parcel was signed for")).Do(new DecideAppeal(Upheld: true));

        Assert.True(refund.State.AppealUpheld);
        Assert.False(refund.State.MerchantResponsible);
        Assert.False(RefundFact.Of(refund.State).MerchantResponsible);
        Assert.Equal(80m, refund.State.RefundedAmount); // the money stays refunded: only the responsibility changes
        refund.Try(new DecideAppeal(false)).ShouldFailWith("appeal.not_pending");
    }

    [Fact]
    public void A_rejected_appeal_keeps_the_responsibility_and_no_appeal_means_nothing_to_decide()
    {
        var judged = UnderReview().Do(new Judge(JudgmentWinner.Buyer, true, null));
        judged.Try(new DecideAppeal(true)).ShouldFailWith("appeal.not_pending");

        judged.Do(new FileAppeal("x")).Do(new DecideAppeal(false));
        Assert.True(judged.State.MerchantResponsible);
    }
}
