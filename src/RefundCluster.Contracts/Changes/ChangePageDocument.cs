using System.Collections.Immutable;

namespace RefundCluster.Contracts.Changes;

/// <summary>A page of the change log; <see cref="Next"/> is the cursor to ask after next (the last one given, or the one asked after).</summary>
public sealed record ChangePageDocument(ImmutableArray<ChangeDocument> Changes, long Next);
