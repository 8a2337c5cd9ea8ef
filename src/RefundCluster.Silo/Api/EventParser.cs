using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Reads one event from JSON and says precisely what is wrong with it: a missing eventId, an unknown kind, an unknown
/// field, a field of the wrong type. Each event is parsed on its own so a bad item never spoils a batch.
/// </summary>
public static partial class EventParser
{
    private static readonly HashSet<string> KnownKinds =
    [
        .. typeof(IntegratorEvent).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => (string)a.TypeDiscriminator!),
    ];

    public static (IntegratorEvent? Event, string? EventId, EventError? Error) Parse(JsonElement element, JsonSerializerOptions options, DateTimeOffset now)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, null, ApiErrors.NotAnObject);
        }

        var eventId = element.TryGetProperty("eventId", out var id) && id.ValueKind == JsonValueKind.String ? TextOf(id) : null;
        if (!IsValidId(eventId))
        {
            // An invalid eventId is not echoed back: it may be anything up to the body's size.
            return (null, null, string.IsNullOrEmpty(eventId) ? ApiErrors.FieldRequired("eventId") : ApiErrors.InvalidId("eventId"));
        }

        if (!element.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String)
        {
            return (null, eventId, ApiErrors.FieldRequired("kind"));
        }

        var kind = TextOf(kindElement);
        if (kind is null || !KnownKinds.Contains(kind))
        {
            return (null, eventId, ApiErrors.UnknownKind(kind is null ? "(broken Unicode)" : kind.Length > 64 ? kind[..64] + "…" : kind));
        }

        IntegratorEvent e;
        try
        {
            e = element.Deserialize<IntegratorEvent>(options)!;
        }
        catch (JsonException ex)
        {
            return (null, eventId, JsonErrors.Describe(ex));
        }
        catch (InvalidOperationException)
        {
            // Valid JSON can still escape a lone surrogate ("\ud800"), which no .NET string reader accepts.
            return (null, eventId, BrokenText);
        }

        return (e, eventId, ValidateIds(e) ?? InputLimits.Check(e, now));
    }

    private static EventError? ValidateIds(IntegratorEvent e)
    {
        if (!IsValidId(e.EventId))
        {
            return ApiErrors.InvalidId("eventId");
        }

        if (!IsValidId(e.OrderId))
        {
            return ApiErrors.InvalidId("orderId");
        }

        if (e is RefundIntegratorEvent refund && !IsValidId(refund.RefundId))
        {
            return ApiErrors.InvalidId("refundId");
        }

        return e is OrderPaidEvent paid && !(IsValidId(paid.ShopId) && IsValidId(paid.BuyerId))
            ? ApiErrors.InvalidId(IsValidId(paid.ShopId) ? "buyerId" : "shopId")
            : null;
    }

    public static EventError BrokenText => EventError.Of(RefundCluster.Domain.Common.ErrorCatalogue.RequestInvalidText, "A text in the event escapes a lone surrogate (broken Unicode).");

    /// <summary>A JSON string's text; null for broken Unicode, which <see cref="JsonElement.GetString"/> would throw on.</summary>
    public static string? TextOf(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The longest id taken (the pattern's bound below, which must be a literal).</summary>
    public const int MaxIdLength = 128;

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9_.:-]{1,128}\z")]
    private static partial Regex IdPattern();
}
