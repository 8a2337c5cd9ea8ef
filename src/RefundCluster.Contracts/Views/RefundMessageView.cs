using System.Collections.Immutable;
using RefundCluster.Domain.Common;

namespace RefundCluster.Contracts.Views;

/// <summary>One message on a refund with its evidence (TOP <c>RefundMessage</c>).</summary>
[GenerateSerializer, Immutable, Alias("refund.message.view")]
public sealed record RefundMessageView(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] Actor Owner,
    [property: Id(2)] string Content,
    [property: Id(3)] ImmutableArray<string> PictureUrls);
