namespace RefundCluster.Domain.Policies;

/// <summary>How long each actor has before a platform timer acts. Defaults are docs/domain.md's public rules.</summary>
public sealed record DeadlinePolicy
{
    public TimeSpan SellerResponse { get; init; } = TimeSpan.FromHours(48);
    public TimeSpan BuyerShipReturn { get; init; } = TimeSpan.FromDays(7);
    public TimeSpan SellerConfirmReceipt { get; init; } = TimeSpan.FromDays(10);
    public TimeSpan RefundAfterReturnSigned { get; init; } = TimeSpan.FromHours(48);
    public TimeSpan BuyerEscalation { get; init; } = TimeSpan.FromDays(7);
    /// <summary>The platform judges within this many working days (Monday to Friday, shop local time; seed 002: 3–5).</summary>
    public int PlatformJudgmentWorkingDays { get; init; } = 5;
    public TimeSpan AppealWindow { get; init; } = TimeSpan.FromDays(30);
    public TimeSpan ShipPromise { get; init; } = TimeSpan.FromHours(48);
    public TimeSpan LogisticsStall { get; init; } = TimeSpan.FromDays(3);
    /// <summary>代客售后: how long an agent-filed refund waits for the buyer's confirmation before it closes.</summary>
    public TimeSpan BuyerConfirm { get; init; } = TimeSpan.FromHours(24);
    /// <summary>售后: how long after the trade completes (交易成功) a refund may still be requested.</summary>
    public TimeSpan AfterSalesWindow { get; init; } = TimeSpan.FromDays(15);
    /// <summary>自动确认收货: how long after delivery the trade completes by itself (postponed while a refund is open).</summary>
    public TimeSpan AutoConfirmReceipt { get; init; } = TimeSpan.FromDays(10);
    /// <summary>换货 / 补发: how long the seller has to ship the replacement once it is due.</summary>
    public TimeSpan SellerShipReplacement { get; init; } = TimeSpan.FromHours(48);
    /// <summary>How long after the replacement shipped it is taken as received.</summary>
    public TimeSpan BuyerReceiveReplacement { get; init; } = TimeSpan.FromDays(10);
    /// <summary>价保: how long after payment a price difference may be claimed.</summary>
    public TimeSpan PriceProtection { get; init; } = TimeSpan.FromDays(15);
    /// <summary>7天无理由, counted from the day after signing (national rule, art. 10).</summary>
    public int NoReasonReturnDays { get; init; } = 7;

    public IEnumerable<(string Name, TimeSpan Value)> Durations()
    {
        yield return (nameof(SellerResponse), SellerResponse);
        yield return (nameof(BuyerShipReturn), BuyerShipReturn);
        yield return (nameof(SellerConfirmReceipt), SellerConfirmReceipt);
        yield return (nameof(RefundAfterReturnSigned), RefundAfterReturnSigned);
        yield return (nameof(BuyerEscalation), BuyerEscalation);
        yield return (nameof(AppealWindow), AppealWindow);
        yield return (nameof(ShipPromise), ShipPromise);
        yield return (nameof(LogisticsStall), LogisticsStall);
        yield return (nameof(BuyerConfirm), BuyerConfirm);
        yield return (nameof(AfterSalesWindow), AfterSalesWindow);
        yield return (nameof(AutoConfirmReceipt), AutoConfirmReceipt);
        yield return (nameof(SellerShipReplacement), SellerShipReplacement);
        yield return (nameof(BuyerReceiveReplacement), BuyerReceiveReplacement);
        yield return (nameof(PriceProtection), PriceProtection);
    }
}
