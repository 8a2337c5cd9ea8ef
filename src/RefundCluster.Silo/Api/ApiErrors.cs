using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;

namespace RefundCluster.Silo.Api;

/// <summary>Refusals of the HTTP layer itself (before a grain sees the request), with codes from <see cref="ErrorCatalogue"/>.</summary>
public static class ApiErrors
{
    public const int MaxBatchSize = 1000;

    public static EventError MalformedJson(string detail) => EventError.Of(ErrorCatalogue.RequestMalformedJson, detail);

    public static EventError NotAnObject => EventError.Of(ErrorCatalogue.RequestInvalidEvent);

    public static EventError FieldRequired(string field) => EventError.From(Errors.FieldRequired(field));

    public static EventError InvalidField(string path, string detail) =>
        EventError.Of(ErrorCatalogue.RequestInvalidField, $"Field '{path}' has the wrong type or value: {detail}");

    public static EventError UnknownField(string path) =>
        EventError.Of(ErrorCatalogue.RequestUnknownField, $"Field '{path}' is not part of this event kind.");

    public static EventError UnknownKind(string kind) =>
        EventError.Of(ErrorCatalogue.RequestUnknownKind, $"'{kind}' is not a known event kind.");

    public static EventError InvalidId(string field) =>
        EventError.Of(ErrorCatalogue.RequestInvalidId, $"'{field}' must be 1–128 characters of letters, digits, '-', '_', '.', ':'.");

    public static EventError BatchTooLarge(int count) =>
        EventError.Of(ErrorCatalogue.BatchTooLarge, $"A batch holds at most {MaxBatchSize} events; this one has {count}.");

    public static EventError BatchEmpty => EventError.Of(ErrorCatalogue.BatchEmpty);

    public static EventError BatchNotAnArray => EventError.Of(ErrorCatalogue.BatchNotAnArray);

    public static EventError StorageConflict => EventError.Of(ErrorCatalogue.StorageConflict);

    public static EventError Unavailable => EventError.Of(ErrorCatalogue.ClusterUnavailable);

    public static EventError Overloaded(int retryAfterSeconds) =>
        EventError.Of(ErrorCatalogue.ClusterOverloaded,
            $"This silo is at capacity and shed the request; nothing was applied. Retry after {retryAfterSeconds} s with the same eventId.");

    /// <summary>Inside a batch: an earlier event of the same order was not applied for a retryable reason.</summary>
    public static EventError NotAttempted(string earlierEventId) =>
        EventError.Of(ErrorCatalogue.BatchNotAttempted, $"Not sent, to keep this order's events in order: its earlier event '{earlierEventId}' in this batch was not applied (retryable). Nothing was applied; resend both, in order, with the same eventIds.");

    /// <summary>The request body did not arrive in time (answered 408, see <see cref="Problems.StatusOf(EventError)"/>).</summary>
    public static EventError BodyTimeout(TimeSpan limit) =>
        EventError.Of(ErrorCatalogue.RequestBodyTimeout, $"The request body did not arrive in time (all of it within {(limit / 2).TotalSeconds:0.###} s — a body still arriving is cut off at some point between that and {limit.TotalSeconds:0.###} s —, and at least {MinBodyBytesPerSecond} bytes/s after the first {MinBodyRateGrace.TotalSeconds:0} s); nothing was applied.");

    /// <summary>Kestrel's minimum request body data rate, set by the host (<c>MinRequestBodyDataRate</c>).</summary>
    public const double MinBodyBytesPerSecond = 240;

    public static readonly TimeSpan MinBodyRateGrace = TimeSpan.FromSeconds(5);

    public static EventError WindowInvalid(string? window) =>
        EventError.Of(ErrorCatalogue.MetricsWindowInvalid, $"'{window}' is not a window: use 5m, 1h, 24h or 30d.");

    public static EventError SeriesInvalid(string detail) =>
        EventError.Of(ErrorCatalogue.MetricsSeriesInvalid, detail);

    public static EventError SortInvalid(string? sort) =>
        EventError.Of(ErrorCatalogue.MetricsSortInvalid, $"'{sort}' is not a leaderboard order: use {string.Join(", ", MetricsDocuments.SortNames)}.");

    public static EventError WebhookInvalid(string detail) =>
        EventError.Of(ErrorCatalogue.WebhookInvalid, detail);

    public static EventError WebhookUnknown(string id) =>
        EventError.Of(ErrorCatalogue.WebhookUnknown, $"No webhook subscription '{id}' of yours exists.");

    public static EventError ChangesQueryInvalid(string detail) =>
        EventError.Of(ErrorCatalogue.ChangesQueryInvalid, detail);

    public static EventError ChangesCursorExpired(long after, long oldest) => EventError.Of(ErrorCatalogue.ChangesCursorExpired,
        $"The log keeps changes from cursor {oldest} on; the changes between {after} and it were dropped (ChangeLog:MemoryCapacity).");

    public static EventError ListQueryInvalid(string detail) =>
        EventError.Of(ErrorCatalogue.ListQueryInvalid, detail);

    public static EventError TopInvalid(int top) =>
        EventError.Of(ErrorCatalogue.MetricsTopInvalid, $"'top' must be 1–{MetricsEndpoints.MaxTop}; got {top}.");

    public static EventError RecordingQueryInvalid(string detail) =>
        EventError.Of(ErrorCatalogue.RecordingQueryInvalid, detail);
}
