namespace RefundCluster.Client;

/// <summary>Where the API is, the key to send, and how to retry, page and poll.</summary>
public sealed record RefundClusterClientOptions
{
    /// <summary>The API's root (<c>https://refunds.example.com/</c>); the HttpClient's own BaseAddress when null.</summary>
    public Uri? BaseAddress { get; init; }

    /// <summary>Sent as <c>X-Api-Key</c> on every request when set.</summary>
    public string? ApiKey { get; init; }

    public RetryPolicy Retry { get; init; } = new();

    /// <summary>Events per batch request; the API takes at most <see cref="ApiLimits.MaxBatchSize"/>.</summary>
    public int BatchSize { get; init; } = ApiLimits.MaxBatchSize;

    /// <summary>How long the change feed waits before asking again once it has caught up.</summary>
    public TimeSpan ChangePollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Changes per feed page (the API's default when null; at most <see cref="ApiLimits.MaxChangePage"/>).</summary>
    public int? ChangePageSize { get; init; }
}
