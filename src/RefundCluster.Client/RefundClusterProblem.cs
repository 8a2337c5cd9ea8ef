namespace RefundCluster.Client;

/// <summary>
/// A refusal as the API answers it (application/problem+json, or a batch item's <c>problem</c>): the stable
/// <see cref="Code"/> to branch on, the HTTP <see cref="Status"/>, and what to quote when asking for help.
/// </summary>
public sealed record RefundClusterProblem
{
    public string? Type { get; init; }

    public string? Title { get; init; }

    public int Status { get; init; }

    public string? Detail { get; init; }

    /// <summary>The stable error code (<c>refund.version_stale</c>, <c>cluster.overloaded</c> ...).</summary>
    public string Code { get; init; } = "";

    public string? EventId { get; init; }

    /// <summary>The server's trace of the request (absent inside batch items: the batch's answer has one).</summary>
    public string? TraceId { get; init; }

    /// <summary>When the refusal is passing: resend (same eventId) after this long.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
