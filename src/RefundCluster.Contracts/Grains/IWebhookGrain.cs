using System.Collections.Immutable;
using RefundCluster.Contracts.Webhooks;

namespace RefundCluster.Contracts.Grains;

/// <summary>
/// One webhook subscription, keyed by its id: it follows the change log from its cursor and delivers each change,
/// signed, in order, retrying with backoff. One activation in the cluster delivers it; a silo dying mid-delivery only
/// repeats a delivery (same <c>webhook-id</c>).
/// </summary>
[Alias("RefundCluster.IWebhookGrain")]
public interface IWebhookGrain : IGrainWithStringKey
{
    [Alias("create")]
    Task<WebhookView> Create(WebhookSpec spec, string owner);

    [Alias("get")]
    Task<WebhookView?> Get();

    [Alias("delete")]
    Task<bool> Delete();

    [Alias("deliveries")]
    Task<ImmutableArray<WebhookDeliveryView>> Deliveries();

    /// <summary>Deliver again every change after this cursor (and re-enable).</summary>
    [Alias("replay")]
    Task<WebhookView?> Replay(long after);
}
