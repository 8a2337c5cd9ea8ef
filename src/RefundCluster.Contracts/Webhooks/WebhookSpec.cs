using System.Collections.Immutable;

namespace RefundCluster.Contracts.Webhooks;

/// <summary>A webhook subscription as its owner asks for it: where to, which change types (empty: all), which shops (empty: all the owner may follow).</summary>
[GenerateSerializer, Immutable, Alias("webhook.spec")]
public sealed record WebhookSpec
{
    [Id(0)] public required string Url { get; init; }
    [Id(1)] public ImmutableArray<string> Types { get; init; } = [];
    [Id(2)] public ImmutableArray<string> Shops { get; init; } = [];
    /// <summary>The signing secret (<c>whsec_</c> + base64 of 24 to 64 bytes); generated when omitted.</summary>
    [Id(3)] public string? Secret { get; init; }
}
