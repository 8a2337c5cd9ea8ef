namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// One HTTP request a test made and what came back: <see cref="Status"/> 0 when no answer came (the client's timeout,
/// a refused connection: see <see cref="Failure"/>); <see cref="Code"/> is a problem answer's stable code.
/// </summary>
public sealed record HttpAnswer(DateTime SentAt, TimeSpan Took, int Port, string What, int Status, string? Code, bool RetryAfter, string? Failure = null)
{
    public DateTime AnsweredAt => SentAt + Took;

    /// <summary>The retryable refusal of an outage: 503 <c>cluster.unavailable</c> with a Retry-After header.</summary>
    public bool IsUnavailable => Status == 503 && Code == "cluster.unavailable" && RetryAfter;

    public override string ToString() =>
        $"{SentAt:HH:mm:ss.fff} +{Took.TotalMilliseconds:F0} ms {What} via {Port}: {(Status == 0 ? $"no answer ({Failure})" : $"{Status} {Code}{(RetryAfter ? " Retry-After" : "")}")}";

    /// <summary>Reads the answer's problem code (if any) and Retry-After, leaving the body to the caller.</summary>
    public static HttpAnswer Of(DateTime sentAt, TimeSpan took, Uri endpoint, string what, HttpResponseMessage response, string body)
    {
        string? code = null;
        if (!response.IsSuccessStatusCode && body.StartsWith('{'))
        {
            try
            {
                code = JsonNode.Parse(body)?["code"]?.GetValue<string>();
            }
            catch (System.Text.Json.JsonException)
            {
            }
        }

        return new HttpAnswer(sentAt, took, endpoint.Port, what, (int)response.StatusCode, code, response.Headers.RetryAfter is not null);
    }
}
