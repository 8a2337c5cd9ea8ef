using System.Collections.Immutable;
using RefundCluster.Domain.Policies;

namespace RefundCluster.Contracts.Views;

/// <summary>A shop's policy as it is now, with who changed it and when.</summary>
[GenerateSerializer, Immutable, Alias("policy.view")]
public sealed record ShopPolicyView
{
    [Id(0)] public required string ShopId { get; init; }
    [Id(1)] public required ShopPolicy Policy { get; init; }
    /// <summary>0 while the shop runs on the platform defaults.</summary>
    [Id(2)] public int Version { get; init; }
    [Id(3)] public ImmutableArray<PolicyChangeView> Changes { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("policy.change")]
public sealed record PolicyChangeView([property: Id(0)] int Version, [property: Id(1)] DateTimeOffset At, [property: Id(2)] string ChangedBy);
