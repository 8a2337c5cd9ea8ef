using System.Collections.Immutable;

namespace RefundCluster.Contracts.Grains;

/// <summary>The list of webhook subscriptions (one registry, key "all"), with their owners, for listing and for waking them.</summary>
[Alias("RefundCluster.IWebhookRegistryGrain")]
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    [Alias("add")]
    Task Add(string webhookId, string owner);

    [Alias("remove")]
    Task Remove(string webhookId);

    /// <summary>The subscriptions of one owner, or all of them (null).</summary>
    [Alias("list")]
    Task<ImmutableArray<string>> List(string? owner);
}
