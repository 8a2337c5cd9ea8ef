namespace RefundCluster.Client;

/// <summary>
/// How the client retries a passing refusal (429, 503, a 5xx with Retry-After, a lost connection): at most
/// <see cref="MaxAttempts"/> sends, waiting the server's Retry-After when it gives one, else exponential backoff with
/// full jitter from <see cref="BaseDelay"/> up to <see cref="MaxDelay"/>. A resend carries the same eventIds, so the
/// server applies each event once.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Sends in all, the first included (1: no retries).</summary>
    public int MaxAttempts { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>
    /// The wait before retry number <paramref name="retry"/> (1-based): the server's <paramref name="retryAfter"/> plus up
    /// to <see cref="BaseDelay"/> of jitter (so that shed clients do not come back together), else a random wait up to
    /// the capped exponential ceiling.
    /// </summary>
    public TimeSpan DelayBefore(int retry, TimeSpan? retryAfter, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (retryAfter is { } wait)
        {
            return wait + BaseDelay * random.NextDouble();
        }

        var ceiling = BaseDelay * Math.Pow(2, Math.Min(retry - 1, 30));
        return (ceiling < MaxDelay ? ceiling : MaxDelay) * random.NextDouble();
    }
}
