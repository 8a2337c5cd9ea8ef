namespace RefundCluster.Domain.Policies;

/// <summary>How long each actor has before a platform timer acts. Defaults are DOMAIN.md's public rules.</summary>
public sealed record DeadlinePolicy
{
    public TimeSpan SellerResponse { get; init; } = TimeSpan.FromHours(48);
    public TimeSpan BuyerShipReturn { get; init; } = TimeSpan.FromDays(7);
    public TimeSpan SellerConfirmReceipt { get; init; } = TimeSpan.FromDays(10);
    public TimeSpan RefundAfterReturnSigned { get; init; } = TimeSpan.FromHours(48);
    public TimeSpan BuyerEscalation { get; init; } = TimeSpan.FromDays(7);
    public TimeSpan PlatformJudgment { get; init; } = TimeSpan.FromDays(5);
    public TimeSpan AppealWindow { get; init; } = TimeSpan.FromDays(30);
    public TimeSpan ShipPromise { get; init; } = TimeSpan.FromHours(48);
    public TimeSpan LogisticsStall { get; init; } = TimeSpan.FromDays(3);
    /// <summary>7天无理由, counted from the day after signing (national rule, art. 10).</summary>
    public int NoReasonReturnDays { get; init; } = 7;

    public IEnumerable<(string Name, TimeSpan Value)> Durations()
    {
        yield return (nameof(SellerResponse), SellerResponse);
        yield return (nameof(BuyerShipReturn), BuyerShipReturn);
        yield return (nameof(SellerConfirmReceipt), SellerConfirmReceipt);
        yield return (nameof(RefundAfterReturnSigned), RefundAfterReturnSigned);
        yield return (nameof(BuyerEscalation), BuyerEscalation);
        yield return (nameof(PlatformJudgment), PlatformJudgment);
        yield return (nameof(AppealWindow), AppealWindow);
        yield return (nameof(ShipPromise), ShipPromise);
        yield return (nameof(LogisticsStall), LogisticsStall);
    }
}
