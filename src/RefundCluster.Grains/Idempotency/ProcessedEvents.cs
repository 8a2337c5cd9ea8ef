using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;

namespace RefundCluster.Grains.Idempotency;

/// <summary>
/// The eventIds a grain has accepted, persisted with its state so that a resend after a crash is still recognised.
/// Bounded: an order with its refunds sees a handful of events (a dozen or two), so the newest <see cref="Capacity"/>
/// are plenty; an order with many refunds forgets its oldest eventIds first.
/// Rejected events are not recorded: they changed nothing, and the integrator may correct and resend them.
/// </summary>
public sealed class ProcessedEvents
{
    public const int Capacity = 256;

    public List<ProcessedEvent> Entries { get; set; } = [];

    /// <summary>The replayed first answer, an <c>event.id_reused</c> refusal, or null for an event not seen before.</summary>
    public EventOutcome? Replay(string eventId, string fingerprint)
    {
        var seen = Entries.Find(e => e.EventId == eventId);
        if (seen is null)
        {
            return null;
        }

        return seen.Fingerprint == fingerprint
            ? seen.Outcome with { Status = OutcomeStatus.Duplicate }
            : EventOutcome.Rejected(eventId, EventError.From(Errors.EventIdReused));
    }

    public void Record(string eventId, string fingerprint, EventOutcome outcome)
    {
        Entries.Add(new ProcessedEvent(eventId, fingerprint, outcome));
        if (Entries.Count > Capacity)
        {
            Entries.RemoveRange(0, Entries.Count - Capacity);
        }
    }
}
