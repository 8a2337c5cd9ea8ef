namespace RefundCluster.LoadTests.Targets;

/// <summary>Where the load goes: the HTTP API of an embedded or a remote cluster.</summary>
public interface ITarget : IAsyncDisposable
{
    string Description { get; }

    Task<TargetResponse> Send(HttpMethod method, string path, string? json, CancellationToken cancellationToken);
}

public readonly record struct TargetResponse(int Status, string? Body, TimeSpan? RetryAfter = null)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Explicit load shedding: 429 or 503 (with Retry-After).</summary>
    public bool IsRejected => Status is 429 or 503;

    /// <summary>No answer within the client's timeout (status 0).</summary>
    public bool TimedOut { get; init; }

    /// <summary>
    /// What the report counts the answer as: the status code; 503 with and without Retry-After apart; "timeout" (no
    /// answer in time) and "no answer" (connection failed) for status 0.
    /// </summary>
    public string StatusKey => Status switch
    {
        0 => TimedOut ? "timeout" : "no answer",
        503 => RetryAfter is null ? "503 without Retry-After" : "503 with Retry-After",
        var s => s.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
