using RefundCluster.Contracts.Changes;

namespace RefundCluster.Client;

/// <summary>A verified webhook delivery: its message id (the same on every redelivery), when it was signed, and the change.</summary>
public sealed record WebhookMessage(string Id, DateTimeOffset Timestamp, ChangeDocument Change);
