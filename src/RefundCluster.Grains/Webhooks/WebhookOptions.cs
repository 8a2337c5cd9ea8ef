namespace RefundCluster.Grains.Webhooks;

/// <summary>Webhook delivery settings (configuration section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Whether receivers on loopback, link-local and private addresses are allowed. Off by default: a subscription
    /// must not turn the cluster into a probe of its own network. Tests (a receiver on 127.0.0.1) turn it on.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How long a change that keeps failing is retried before the subscription is disabled.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first retry's wait; it doubles with each failure up to <see cref="LongestRetry"/>.</summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries: a receiver back from an outage hears again within this time.</summary>
    public TimeSpan LongestRetry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a subscription looks for new changes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many orders' changes are delivered at once (each order's, its refunds' included, in log order).</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>A receiver that has not answered in this time failed the delivery.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Changes read from the log per look.</summary>
    public int BatchSize { get; set; } = 200;

    public TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(LongestRetry.Ticks, FirstRetry.Ticks * (1L << Math.Clamp(failures - 1, 0, 30))));
}
