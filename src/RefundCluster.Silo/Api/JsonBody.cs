using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Reads a request body as a JSON document, within a size and a nesting limit, so that unreadable or oversized JSON is
/// told apart from a wrong field.
/// </summary>
public static class JsonBody
{
    /// <summary>One event or one policy.</summary>
    public const long MaxSingleBytes = 64 * 1024;

    /// <summary>A batch: <see cref="ApiErrors.MaxBatchSize"/> events of a couple of hundred bytes each, with room to spare.</summary>
    public const long MaxBatchBytes = 2 * 1024 * 1024;

    /// <summary>A batch is an array of events whose lines are objects in an array: 4 levels; 8 leaves room and no more.</summary>
    public const int MaxDepth = 8;

    /// <summary>
    /// One JSON object read (<see cref="Read"/>) and bound to <typeparamref name="T"/>: null with the problem to answer when
    /// the body is unreadable, malformed, or does not bind (a wrong type, a missing required field, broken text).
    /// </summary>
    public static async Task<(T? Value, EventError? Error)> ReadAs<T>(HttpContext context, JsonSerializerOptions options)
        where T : class
    {
        var (document, malformed) = await Read(context);
        if (malformed is not null)
        {
            return (null, malformed);
        }

        using (document)
        {
            try
            {
                return (document!.RootElement.Deserialize<T>(options), null);
            }
            catch (JsonException ex)
            {
                return (null, JsonErrors.Describe(ex));
            }
            catch (InvalidOperationException)
            {
                return (null, EventParser.BrokenText);
            }
        }
    }

    public static async Task<(JsonDocument? Document, EventError? Error)> Read(HttpContext context, long maxBytes = MaxSingleBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // Enforced by the server while reading, for bodies without a Content-Length (chunked).
            limit.MaxRequestBodySize = maxBytes;
        }

        // However slowly the client sends, reading ends after this (a slow upload must not hold a request forever).
        var readLimit = context.RequestServices.GetRequiredService<IOptions<AdmissionOptions>>().Value.BodyReadTimeout;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (readLimit > TimeSpan.Zero)
        {
            cancel.CancelAfter(Staggered(readLimit, Random.Shared.NextDouble()));
        }

        try
        {
            var document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = MaxDepth }, cancel.Token);
            return (document, null);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return (null, BodyTimedOut(context, readLimit));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status408RequestTimeout)
        {
            // Kestrel's own minimum data rate (MinRequestBodyDataRate).
            return (null, BodyTimedOut(context, readLimit));
        }
        catch (JsonException ex) when (ex.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return (null, EventError.Of(ErrorCatalogue.RequestTooDeep, $"JSON nests at most {MaxDepth} levels deep."));
        }
        catch (JsonException ex)
        {
            return (null, ApiErrors.MalformedJson(ex.Message));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
    }

    /// <summary>
    /// When a body still arriving is cut off: somewhere between half of <paramref name="limit"/> and all of it, by
    /// <paramref name="draw"/> in [0, 1). Many slow uploads started together (a script's 2,000 connections) are then
    /// not cut off together: each cut-off is an exception, a 408 and, from a script, a reconnect, and 2,000 of them in
    /// the same instant held good events back for a fifth of a second every time.
    /// </summary>
    public static TimeSpan Staggered(TimeSpan limit, double draw) => limit * (0.5 + (0.5 * Math.Clamp(draw, 0, 1)));

    private static EventError BodyTimedOut(HttpContext context, TimeSpan limit)
    {
        // The rest of the body is not worth waiting for: answer, then close the connection.
        context.Response.Headers.Connection = "close";
        return ApiErrors.BodyTimeout(limit);
    }

    private static EventError TooLarge(long maxBytes) =>
        EventError.Of(ErrorCatalogue.RequestTooLarge, $"This endpoint accepts at most {maxBytes / 1024:N0} KiB of JSON.");
}
