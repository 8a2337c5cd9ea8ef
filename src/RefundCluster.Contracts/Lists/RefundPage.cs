using System.Collections.Immutable;
using RefundCluster.Contracts.Changes;

namespace RefundCluster.Contracts.Lists;

/// <summary>
/// A page of a shop's refunds. <see cref="Next"/> is the opaque cursor after its last item (null when the page is empty:
/// keep the one you had), to ask for the next page or, at the end of a list by last change, for whatever changes later;
/// <see cref="HasMore"/> says whether the list goes on now.
/// </summary>
[GenerateSerializer, Immutable, Alias("list.refund_page")]
public sealed record RefundPage(
    [property: Id(0)] ImmutableArray<RefundSummary> Refunds,
    [property: Id(1)] string? Next,
    [property: Id(2)] bool HasMore);
