namespace RefundCluster.Contracts.Webhooks;

/// <summary>One delivery attempt of one change: which message (its <c>webhook-id</c>), when, and what the receiver said.</summary>
[GenerateSerializer, Immutable, Alias("webhook.delivery")]
public sealed record WebhookDeliveryView(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] long ChangeCursor,
    [property: Id(2)] string MessageId,
    [property: Id(3)] int Attempt,
    [property: Id(4)] int? StatusCode,
    [property: Id(5)] string? Error,
    [property: Id(6)] bool Succeeded,
    [property: Id(7)] double DurationMs);
