using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Metrics;

/// <summary>
/// What the book keeps of a refund that ended: every field of its <see cref="RefundFact"/> but the ids, in 56 bytes
/// (about 80 with its dictionary entry; the fact with its two id strings and entry took about 500). A terminal refund
/// can still change for the 30 days of its appeal window, the metrics' own window, and a newer version must retract
/// exactly what this one counted, so the book cannot forget it. A field added to <see cref="RefundFact"/> must be
/// added here too: <c>SettledFactTests</c> fails until it is.
/// </summary>
internal readonly record struct SettledRefund(
    int Version,
    RefundScenario Scenario,
    RefundStatus Status,
    RefundReason FirstReason,
    InterceptionStatus Interception,
    SettledRefund.Marks Flags,
    long RequestedAtUtcTicks,
    long EndedAtUtcTicks,
    long DisputeRaisedAtUtcTicks,
    long FirstRespondedAtUtcTicks)
{
    [Flags]
    internal enum Marks : byte
    {
        None = 0,
        TakenUpByPlatform = 1,
        Automatic = 2,
        ClosedByTimer = 4,
        ZeroSecond = 8,
        Refused = 16,
        DisputeRaised = 32,
        MerchantResponsible = 64,
        Flagged = 128,
    }

    /// <summary>Whether the fact can be kept this way and read back equal: it ended, and has no open-work deadline.</summary>
    public static bool Fits(RefundFact fact) => fact is { IsTerminal: true, SellerResponseDue: null, ReturnSignedAt: null };

    public static SettledRefund Of(RefundFact fact) => new(
        fact.Version, fact.Scenario, fact.Status, fact.FirstReason, fact.Interception,
        (fact.TakenUpByPlatform ? Marks.TakenUpByPlatform : 0) | (fact.Automatic ? Marks.Automatic : 0)
            | (fact.ClosedByTimer ? Marks.ClosedByTimer : 0) | (fact.ZeroSecond ? Marks.ZeroSecond : 0)
            | (fact.Refused ? Marks.Refused : 0) | (fact.DisputeRaised ? Marks.DisputeRaised : 0)
            | (fact.MerchantResponsible ? Marks.MerchantResponsible : 0) | (fact.Flagged ? Marks.Flagged : 0),
        fact.RequestedAt.UtcTicks, UtcTicks.Of(fact.EndedAt), UtcTicks.Of(fact.DisputeRaisedAt), UtcTicks.Of(fact.FirstRespondedAt));

    public RefundFact ToFact(string refundId, string orderId) => new()
    {
        RefundId = refundId, OrderId = orderId, Version = Version, Scenario = Scenario, Status = Status,
        RequestedAt = UtcTicks.ToTime(RequestedAtUtcTicks)!.Value, FirstReason = FirstReason, EndedAt = UtcTicks.ToTime(EndedAtUtcTicks),
        FirstRespondedAt = UtcTicks.ToTime(FirstRespondedAtUtcTicks),
        TakenUpByPlatform = Flags.HasFlag(Marks.TakenUpByPlatform), Automatic = Flags.HasFlag(Marks.Automatic),
        ClosedByTimer = Flags.HasFlag(Marks.ClosedByTimer), ZeroSecond = Flags.HasFlag(Marks.ZeroSecond),
        Refused = Flags.HasFlag(Marks.Refused), DisputeRaised = Flags.HasFlag(Marks.DisputeRaised),
        DisputeRaisedAt = UtcTicks.ToTime(DisputeRaisedAtUtcTicks), MerchantResponsible = Flags.HasFlag(Marks.MerchantResponsible),
        Flagged = Flags.HasFlag(Marks.Flagged), Interception = Interception,
    };
}
