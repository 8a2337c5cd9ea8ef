using System.Collections.Immutable;

namespace RefundCluster.Grains.Changes;

/// <summary>A page of the change log: after a cursor, optionally only some shops and some types.</summary>
/// <param name="Shops">The shops to include; empty: every shop.</param>
/// <param name="Types">The change types to include; empty: every type.</param>
public sealed record ChangeQuery(long After, ImmutableArray<string> Shops, ImmutableArray<string> Types, int Limit);
