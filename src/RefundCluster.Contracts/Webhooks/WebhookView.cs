using System.Collections.Immutable;

namespace RefundCluster.Contracts.Webhooks;

/// <summary>A webhook subscription and how its deliveries stand.</summary>
[GenerateSerializer, Immutable, Alias("webhook.view")]
public sealed record WebhookView
{
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Url { get; init; }
    [Id(2)] public ImmutableArray<string> Types { get; init; } = [];
    [Id(3)] public ImmutableArray<string> Shops { get; init; } = [];
    /// <summary>The credential that created it.</summary>
    [Id(4)] public required string Owner { get; init; }
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Deliveries stop while false (after failing for <c>Webhooks:RetryFor</c>); the owner re-enables it.</summary>
    [Id(6)] public bool Enabled { get; init; }
    [Id(7)] public string? DisabledReason { get; init; }
    /// <summary>The last change delivered: deliveries resume after it.</summary>
    [Id(8)] public long Cursor { get; init; }
    /// <summary>Since when the next change has been failing, if it is.</summary>
    [Id(9)] public DateTimeOffset? FailingSince { get; init; }
    [Id(10)] public DateTimeOffset? NextAttemptAt { get; init; }
    /// <summary>The signing secret: only in the answer that created the subscription.</summary>
    [Id(11)] public string? Secret { get; init; }
}
