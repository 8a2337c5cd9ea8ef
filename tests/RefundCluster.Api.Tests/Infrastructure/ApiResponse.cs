namespace RefundCluster.Api.Tests.Infrastructure;

/// <summary>An HTTP answer read to the end, so assertions can look at it more than once.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string? ContentType, string Body, TimeSpan? RetryAfter = null)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public override string ToString() => $"{(int)Status} {ContentType}{(RetryAfter is { } wait ? $" Retry-After {wait.TotalSeconds}" : "")}: {Body}";
}
