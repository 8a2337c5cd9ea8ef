using RefundCluster.Domain.Policies;

namespace RefundCluster.Contracts.Recording;

/// <summary>A what-if: replay the shop's recording of [<see cref="From"/>, <see cref="To"/>) under <see cref="Policy"/> beside its current policy.</summary>
public sealed record WhatIfRequest(ShopPolicy Policy, DateTimeOffset From, DateTimeOffset To);
