using RefundCluster.Contracts.Views;

namespace RefundCluster.Grains.Idempotency;

/// <summary>An event this grain accepted: its id, a fingerprint of its payload, and the answer given.</summary>
public sealed record ProcessedEvent(string EventId, string Fingerprint, EventOutcome Outcome);
