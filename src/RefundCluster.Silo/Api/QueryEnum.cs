namespace RefundCluster.Silo.Api;

/// <summary>Endpoint metadata: a query parameter bound as text takes one of these names (documented as an enum by <see cref="QueryEnums"/>).</summary>
public sealed record QueryEnum(string Parameter, IReadOnlyList<string> Names);
