using System.Collections.Immutable;
using RefundCluster.Contracts.Webhooks;

namespace RefundCluster.Grains.Webhooks;

/// <summary>A webhook subscription as stored: what it wants, its secret, where it stands in the change log, its last attempts.</summary>
public sealed class WebhookGrainState
{
    public bool Exists { get; set; }
    public string Url { get; set; } = "";
    public ImmutableArray<string> Types { get; set; } = [];
    public ImmutableArray<string> Shops { get; set; } = [];
    public string Owner { get; set; } = "";
    public string Secret { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public bool Enabled { get; set; }
    public string? DisabledReason { get; set; }
    public long Cursor { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset? FailingSince { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The last attempts, newest last.</summary>
    public List<WebhookDeliveryView> Deliveries { get; set; } = [];
}
