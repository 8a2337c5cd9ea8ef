using System.Collections.Immutable;
using RefundCluster.Domain.Common;

namespace RefundCluster.Domain.Refunds;

/// <summary>One message on a refund, with its evidence (TOP <c>RefundMessage</c>: owner role, content, pictures).</summary>
public sealed record RefundMessage(DateTimeOffset At, Actor Owner, string Content, ImmutableArray<string> PictureUrls);
