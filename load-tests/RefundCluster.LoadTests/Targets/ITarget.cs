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
}
