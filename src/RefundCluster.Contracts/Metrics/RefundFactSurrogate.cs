using System.Collections.Immutable;
using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Contracts.Metrics;

/// <summary>
/// How a <see cref="RefundFact"/> crosses a grain boundary or the facts stream: Orleans' own codec, field by field. As
/// JSON (the domain types' default, see <see cref="ContractSerialization"/>) every fact cost a type-name parse and a
/// reflection lookup per message, the largest cost of the facts stream. A property added to the fact and forgotten here
/// fails <c>FactSurrogateTests</c>.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct RefundFactSurrogate
{
    [Id(0)] public string RefundId { get; init; }
    [Id(1)] public string OrderId { get; init; }
    [Id(2)] public int Version { get; init; }
    [Id(3)] public int Scenario { get; init; }
    [Id(4)] public int Status { get; init; }
    [Id(5)] public DateTimeOffset RequestedAt { get; init; }
    [Id(6)] public int FirstReason { get; init; }
    [Id(7)] public DateTimeOffset? EndedAt { get; init; }
    [Id(8)] public bool TakenUpByPlatform { get; init; }
    [Id(9)] public bool Automatic { get; init; }
    [Id(10)] public bool ClosedByTimer { get; init; }
    [Id(11)] public bool ZeroSecond { get; init; }
    [Id(12)] public bool Refused { get; init; }
    [Id(13)] public bool DisputeRaised { get; init; }
    [Id(14)] public DateTimeOffset? DisputeRaisedAt { get; init; }
    [Id(15)] public bool MerchantResponsible { get; init; }
    [Id(16)] public bool Flagged { get; init; }
    [Id(17)] public int Interception { get; init; }
    [Id(18)] public DateTimeOffset? SellerResponseDue { get; init; }
    [Id(19)] public DateTimeOffset? ReturnSignedAt { get; init; }
    [Id(20)] public DateTimeOffset? FirstRespondedAt { get; init; }
    [Id(21)] public ImmutableArray<string> Skus { get; init; }
}

[RegisterConverter]
public sealed class RefundFactSurrogateConverter : IConverter<RefundFact, RefundFactSurrogate>
{
    public RefundFact ConvertFromSurrogate(in RefundFactSurrogate s) => new()
    {
        RefundId = s.RefundId, OrderId = s.OrderId, Version = s.Version, Scenario = (RefundScenario)s.Scenario,
        Status = (RefundStatus)s.Status, RequestedAt = s.RequestedAt, FirstReason = (RefundReason)s.FirstReason, EndedAt = s.EndedAt,
        TakenUpByPlatform = s.TakenUpByPlatform, Automatic = s.Automatic, ClosedByTimer = s.ClosedByTimer, ZeroSecond = s.ZeroSecond,
        Refused = s.Refused, DisputeRaised = s.DisputeRaised, DisputeRaisedAt = s.DisputeRaisedAt, MerchantResponsible = s.MerchantResponsible,
        Flagged = s.Flagged, Interception = (InterceptionStatus)s.Interception, SellerResponseDue = s.SellerResponseDue,
        ReturnSignedAt = s.ReturnSignedAt, FirstRespondedAt = s.FirstRespondedAt, Skus = s.Skus.IsDefaultOrEmpty ? SkuList.None : new SkuList(s.Skus),
    };

    public RefundFactSurrogate ConvertToSurrogate(in RefundFact f) => new()
    {
        RefundId = f.RefundId, OrderId = f.OrderId, Version = f.Version, Scenario = (int)f.Scenario,
        Status = (int)f.Status, RequestedAt = f.RequestedAt, FirstReason = (int)f.FirstReason, EndedAt = f.EndedAt,
        TakenUpByPlatform = f.TakenUpByPlatform, Automatic = f.Automatic, ClosedByTimer = f.ClosedByTimer, ZeroSecond = f.ZeroSecond,
        Refused = f.Refused, DisputeRaised = f.DisputeRaised, DisputeRaisedAt = f.DisputeRaisedAt, MerchantResponsible = f.MerchantResponsible,
        Flagged = f.Flagged, Interception = (int)f.Interception, SellerResponseDue = f.SellerResponseDue,
        ReturnSignedAt = f.ReturnSignedAt, FirstRespondedAt = f.FirstRespondedAt, Skus = f.Skus.Items,
    };
}
