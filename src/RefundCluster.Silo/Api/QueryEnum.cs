namespace RefundCluster.Silo.Api;

/// <summary>
/// Endpoint metadata: a query parameter bound as text takes one of these names, documented as the enum component
/// <paramref name="SchemaId"/> (by <see cref="QueryEnums"/>), so that generators name one type per set of names.
/// </summary>
public sealed record QueryEnum(string Parameter, string SchemaId, IReadOnlyList<string> Names);
