using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;

namespace RefundCluster.Silo.Api;

/// <summary>Refusals of the HTTP layer itself (before a grain sees the request), with their stable codes.</summary>
public static class ApiErrors
{
    public const int MaxBatchSize = 1000;

    public static EventError MalformedJson(string detail) => new("request.malformed_json", ErrorKind.Validation, detail);

    public static EventError NotAnObject => new("request.invalid_event", ErrorKind.Validation, "An event must be a JSON object.");

    public static EventError FieldRequired(string field) => new("request.field_required", ErrorKind.Validation, $"'{field}' is required.");

    public static EventError InvalidField(string path, string detail) =>
        new("request.invalid_field", ErrorKind.Validation, $"Field '{path}' has the wrong type or value: {detail}");

    public static EventError UnknownField(string path) =>
        new("request.unknown_field", ErrorKind.Validation, $"Field '{path}' is not part of this event kind.");

    public static EventError UnknownKind(string kind) =>
        new("request.unknown_kind", ErrorKind.Validation, $"'{kind}' is not a known event kind.");

    public static EventError InvalidId(string field) =>
        new("request.invalid_id", ErrorKind.Validation, $"'{field}' must be 1–128 characters of letters, digits, '-', '_', '.', ':'.");

    public static EventError BatchTooLarge(int count) =>
        new("batch.too_large", ErrorKind.Validation, $"A batch holds at most {MaxBatchSize} events; this one has {count}.");

    public static EventError BatchEmpty => new("batch.empty", ErrorKind.Validation, "A batch needs at least one event.");

    public static EventError BatchNotAnArray => new("batch.not_an_array", ErrorKind.Validation, "The batch body must be a JSON array of events.");

    public const string StorageConflictCode = "storage.conflict";

    public const string OverloadedCode = "cluster.overloaded";

    public static EventError StorageConflict => new(StorageConflictCode, ErrorKind.Conflict,
        "Another writer changed this entity at the same time; nothing was applied. Retry the event.");

    public static EventError Unavailable => new("cluster.unavailable", ErrorKind.Unavailable,
        "The cluster could not process the event in time; it may or may not have been applied. Retry with the same eventId.");

    public static EventError Overloaded(int retryAfterSeconds) =>
        new(OverloadedCode, ErrorKind.Unavailable,
            $"This silo is at capacity and shed the request; nothing was applied. Retry after {retryAfterSeconds} s with the same eventId.");

    /// <summary>Inside a batch: an earlier event of the same order was not applied for a retryable reason.</summary>
    public static EventError NotAttempted(string earlierEventId) =>
        new("batch.not_attempted", ErrorKind.Unavailable,
            $"Not sent, to keep this order's events in order: its earlier event '{earlierEventId}' in this batch was not applied (retryable). Nothing was applied; resend both, in order, with the same eventIds.");

    public const string BodyTimeoutCode = "request.body_timeout";

    /// <summary>The request body did not arrive in time (answered 408, see <see cref="Problems.StatusOf(EventError)"/>).</summary>
    public static EventError BodyTimeout(TimeSpan limit) =>
        new(BodyTimeoutCode, ErrorKind.Validation, $"The request body did not arrive in time (all of it within {limit.TotalSeconds:0.###} s, and at least {MinBodyBytesPerSecond} bytes/s after the first {MinBodyRateGrace.TotalSeconds:0} s); nothing was applied.");

    /// <summary>Kestrel's minimum request body data rate, set by the host (<c>MinRequestBodyDataRate</c>).</summary>
    public const double MinBodyBytesPerSecond = 240;

    public static readonly TimeSpan MinBodyRateGrace = TimeSpan.FromSeconds(5);

    public static EventError WindowInvalid(string? window) =>
        new("metrics.window_invalid", ErrorKind.Validation, $"'{window}' is not a window: use 5m, 1h, 24h or 30d.");

    public static EventError SortInvalid(string? sort) =>
        new("metrics.sort_invalid", ErrorKind.Validation, $"'{sort}' is not a leaderboard order: use {string.Join(", ", MetricsDocuments.SortNames)}.");

    public static EventError WebhookInvalid(string detail) =>
        new("webhook.invalid", ErrorKind.Validation, detail);

    public static EventError WebhookUnknown(string id) =>
        new("webhook.unknown", ErrorKind.NotFound, $"No webhook subscription '{id}' of yours exists.");

    public static EventError ChangesQueryInvalid(string detail) =>
        new("changes.query_invalid", ErrorKind.Validation, detail);

    public static EventError ListQueryInvalid(string detail) =>
        new("list.query_invalid", ErrorKind.Validation, detail);

    public static EventError TopInvalid(int top) =>
        new("metrics.top_invalid", ErrorKind.Validation, $"'top' must be 1–{MetricsEndpoints.MaxTop}; got {top}.");
}
