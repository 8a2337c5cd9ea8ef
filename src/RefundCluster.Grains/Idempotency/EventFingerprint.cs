using System.Security.Cryptography;
using System.Text.Json;
using RefundCluster.Contracts.Events;

namespace RefundCluster.Grains.Idempotency;

/// <summary>A hash of an event's payload, so that an eventId reused for a different event is caught.</summary>
public static class EventFingerprint
{
    public static string Of(IntegratorEvent e)
    {
        // OccurredAt is the integrator's own clock reading and SentBy the key that sent it: a retry may carry others and is
        // still the same event.
        // A .NET client can send an uninitialised ImmutableArray, which cannot be serialised; the domain refuses it later.
        var normalised = e is OrderPaidEvent { Lines.IsDefault: true } paid ? paid with { Lines = [] } : e;
        var payload = JsonSerializer.SerializeToUtf8Bytes<IntegratorEvent>(normalised with { OccurredAt = null, SentBy = null });
        return Convert.ToHexString(SHA256.HashData(payload));
    }
}
