using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Recording;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Policies;
using RefundCluster.Grains.Recording;
using RefundCluster.Grains.Shops;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>
/// A shop's recording (every event the cluster accepted for it, and every deadline it fired) as a gzip'd JSON-lines
/// file, and the policy what-if that replays it.
/// </summary>
public static class RecordingEndpoints
{
    public static readonly TimeSpan LongestRange = TimeSpan.FromDays(31);

    public static void MapRecordingEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/shops/{shopId}/recording", async (string shopId, string? from, string? to, bool? pseudonymise, IRecording recording,
                [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock, HttpContext context) =>
            {
                if (MetricsEndpoints.Invalid(shopId, null, context, out _) is { } refused)
                {
                    return refused;
                }

                if (Range(from, to, clock.GetUtcNow(), out var start, out var end) is { } error)
                {
                    return Problems.ToResult(ApiErrors.RecordingQueryInvalid(error), context);
                }

                var pseudonyms = pseudonymise == true ? new RecordingPseudonyms() : null;
                context.Response.Headers.ContentDisposition =
                    $"attachment; filename=\"recording-{(pseudonyms is null ? shopId : "pseudonymised")}-{start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}.jsonl.gz\"";
                return Results.Stream(async body =>
                {
                    // Closed asynchronously, each in turn: Kestrel refuses the synchronous writes a plain Dispose would make.
                    await using var gzip = new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true);
                    await using (var writer = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
                    {
                        await foreach (var line in recording.Read(shopId, start, end, context.RequestAborted))
                        {
                            await writer.WriteLineAsync(pseudonyms is null
                                ? line
                                : JsonSerializer.Serialize(pseudonyms.Apply(WhatIf.Parse(line)), WireJson.Shared));
                        }

                        await writer.FlushAsync(context.RequestAborted);
                    }
                }, "application/gzip");
            })
            .WithName("GetShopRecording")
            .WithSummary("The shop's recording as gzip'd JSON lines: every event the cluster accepted and every deadline it fired, for the orders whose first line is in [from, to) "
                + "(ISO 8601; default the last 24 hours; at most 31 days), each order's lines together, in the order they were stored. pseudonymise=true rewrites ids and tracking numbers.")
            .Produces<string>(200, "application/gzip").ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);

        app.MapPost("/v1/shops/{shopId}/what-if", WhatIfOf)
            .WithName("PostShopWhatIf")
            .WithSummary("Replays the shop's recording of [from, to) under a candidate policy and under its current one, on a virtual clock, and compares them: "
                + "every rate, the money refunded by rules by amount band, and the refunds that would end differently. Events the candidate's state refuses are skipped and counted.")
            .Accepts<WhatIfRequest>("application/json")
            .Produces<WhatIfDocument>().ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);
    }

    private static async Task<IResult> WhatIfOf(
        string shopId, HttpContext context, IRecording recording, ShopPolicyCache policies, IOptions<JsonOptions> json,
        [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock)
    {
        if (MetricsEndpoints.Invalid(shopId, null, context, out _) is { } refused)
        {
            return refused;
        }

        var (request, unreadable) = await JsonBody.ReadAs<WhatIfRequest>(context, json.Value.SerializerOptions);
        if (unreadable is not null)
        {
            return Problems.ToResult(unreadable, context);
        }

        if (request?.Policy is null)
        {
            return Problems.ToResult(ApiErrors.FieldRequired("policy"), context);
        }

        var now = clock.GetUtcNow();
        if (InputLimits.Check(request.Policy, now) is { } outOfBounds)
        {
            return Problems.ToResult(outOfBounds, context);
        }

        // The same rules as a PUT of the policy: a candidate the shop could not set is no candidate.
        if (ShopPolicyValidator.Validate(request.Policy) is { } invalid)
        {
            return Problems.ToResult(EventError.From(invalid), context);
        }

        if (Check(request.From, request.To) is { } error)
        {
            return Problems.ToResult(ApiErrors.RecordingQueryInvalid(error), context);
        }

        var current = await policies.Get(shopId);
        var report = await WhatIf.Run(recording.Read(shopId, request.From, request.To, context.RequestAborted), current, request.Policy, request.From, request.To, context.RequestAborted);
        return Results.Ok(WhatIfDocument.Of(report, current, request.Policy));
    }

    /// <returns>What is wrong with the range, or null.</returns>
    private static string? Range(string? from, string? to, DateTimeOffset now, out DateTimeOffset start, out DateTimeOffset end)
    {
        start = end = now;
        if (to is not null && !DateTimeOffset.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out end))
        {
            return $"'to' is not an ISO 8601 time: '{to}'.";
        }

        start = end - TimeSpan.FromDays(1);
        if (from is not null && !DateTimeOffset.TryParse(from, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out start))
        {
            return $"'from' is not an ISO 8601 time: '{from}'.";
        }

        return Check(start, end);
    }

    private static string? Check(DateTimeOffset from, DateTimeOffset to) =>
        from >= to ? "'from' must be before 'to'."
        : to - from > LongestRange ? $"'from' and 'to' may be at most {LongestRange.TotalDays:0} days apart."
        : null;
}
