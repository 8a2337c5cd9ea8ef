using System.Globalization;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;

namespace RefundCluster.Silo.Api;

/// <summary>Every refusal leaves as application/problem+json with its stable code in <c>code</c>.</summary>
public static class Problems
{
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Rule => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorKind.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>The status of a refusal: its kind's, except a body that did not arrive in time (408).</summary>
    public static int StatusOf(EventError error) =>
        error.Is(ErrorCatalogue.RequestBodyTimeout) ? StatusCodes.Status408RequestTimeout : StatusOf(error.Kind);

    /// <summary>
    /// Seconds after which the client should resend the refused event (same eventId), or null when the refusal is final:
    /// the cluster was unavailable or overloaded (<paramref name="overloadedSeconds"/> for a shed event), or a storage
    /// conflict (nothing applied, resend at once).
    /// </summary>
    public static int? RetryAfterOf(EventError error, int overloadedSeconds = 1) => error switch
    {
        _ when error.Is(ErrorCatalogue.ClusterOverloaded) => overloadedSeconds,
        { Kind: ErrorKind.Unavailable } => 1,
        _ when error.Is(ErrorCatalogue.StorageConflict) => 0,
        _ => null,
    };

    public static IResult ToResult(EventError error, HttpContext context, string? eventId = null, int? retryAfterSeconds = null)
    {
        if (error.Kind == ErrorKind.Unavailable)
        {
            context.Response.Headers.RetryAfter = (retryAfterSeconds ?? 1).ToString(CultureInfo.InvariantCulture);
        }

        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (eventId is not null)
        {
            extensions["eventId"] = eventId;
        }

        return Results.Problem(
            statusCode: StatusOf(error), title: error.Code, detail: error.Message,
            type: $"https://refundcluster.dev/errors/{error.Code}", extensions: extensions);
    }

    /// <summary>The problem body used inside batch answers, where each item carries its own.</summary>
    public static BatchItemProblem ToItem(EventError error) =>
        new($"https://refundcluster.dev/errors/{error.Code}", error.Code, StatusOf(error), error.Message, error.Code);
}

public sealed record BatchItemProblem(string Type, string Title, int Status, string Detail, string Code);
