namespace RefundCluster.Domain.Tests.Persistence;

/// <summary>
/// Grain state is JSON with enums as numbers: a value inserted in the middle of an enum would silently turn stored
/// states into other ones (a stored "timeout" read back as another automation). New values go last; this pins every
/// stored enum's names to their numbers.
/// </summary>
public sealed class StoredEnumValuesTests
{
    public static TheoryData<Type, string> Pinned => new()
    {
        { typeof(Automation), "None ZeroSecondRefund ManagedMode OffHours ListedSku WarehouseIntercept InterceptAutoRefund InterceptSuccessAutoRefund SmallAmount AutoApproveReturn AutoRefundOnReturnSigned AutoRefundOnWarehouseReceived Timeout PriceProtection" },
        { typeof(DeadlineKind), "SellerResponse BuyerShipReturn SellerConfirmReceipt RefundAfterReturnSigned BuyerEscalation PlatformJudgment AppealWindow ShipPromise LogisticsStall BuyerConfirm AutoConfirmReceipt SellerShipReplacement BuyerReceiveReplacement" },
        { typeof(RefundStatus), "WaitingBuyerConfirm WaitingSellerAgree WaitingBuyerReturn WaitingSellerConfirmGoods ReturnSigned WaitingReplacement SellerRefused PlatformReview Succeeded Closed WaitingBuyerReceiveReplacement" },
        { typeof(RefundKind), "RefundOnly ReturnAndRefund Exchange Reship PriceDifference" },
        { typeof(RefundScenario), "NotShippedRefundOnly InTransitRefundOnly ReceivedRefundOnly ReturnAndRefund Exchange Reship PriceDifference" },
        { typeof(RefundReason), "ChangedMind OrderedByMistake OutOfStock LateShipment AgreedWithSeller ParcelNotArriving NoTracking EmptyParcel DamagedRefused SevenDayNoReason QualityDefect Workmanship MaterialDiffers NotAsDescribed Counterfeit ArrivedDamaged MissingItems WrongItem Size Disliked PriceDrop PostageRefund" },
        { typeof(RefundOutcome), "Refunded PartiallyRefunded Exchanged Reshipped CancelledByBuyer ClosedByTimeout ClosedByJudgment ResolvedWithGift ResolvedWithReship ResolvedWithCoupon" },
        { typeof(InterventionStage), "NotNeeded Requested Intervened Judged" },
        { typeof(InterceptionStatus), "None Requested Succeeded Failed" },
        { typeof(OfferKind), "PartialRefund CancelReturnWithGift CancelReturnWithReship CouponCompensation" },
        { typeof(JudgmentWinner), "Buyer Seller" },
        { typeof(OrderStatus), "Paid Shipped Delivered Completed Closed" },
        { typeof(SpecialCategory), "None Virtual CustomMade LargeItem Fresh CrossBorder" },
        { typeof(Actor), "Buyer Seller Platform Logistics Warehouse Agent System" },
        { typeof(SalePhase), "OnSale AfterSale" },
        { typeof(FraudSignal), "SharedReturnTracking RepeatedModification ClaimedNotReceivedButDelivered" },
        { typeof(OrderPhase), "NotShipped InTransit Received" },
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void Stored_enum_values_keep_their_numbers(Type type, string names)
    {
        var pinned = names.Split(' ');
        var actual = Enum.GetValues(type).Cast<object>().ToDictionary(v => v.ToString()!, Convert.ToInt32);

        // Every pinned name keeps its number; anything new comes after them.
        Assert.Equal(pinned.Select((name, number) => (name, number)), pinned.Select(name => (name, actual.GetValueOrDefault(name, -1))));
        Assert.All(actual.Where(a => !pinned.Contains(a.Key)), a => Assert.True(a.Value >= pinned.Length, $"{type.Name}.{a.Key} is not after the pinned values"));
    }
}
