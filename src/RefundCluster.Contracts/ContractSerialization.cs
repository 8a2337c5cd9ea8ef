using Orleans.Serialization;

namespace RefundCluster.Contracts;

/// <summary>
/// The domain types that cross grain boundaries (policies, enums, order snapshots) carry no Orleans attributes: the
/// domain stays free of Orleans. They travel as JSON. Silos and every .NET client must register this.
/// </summary>
public static class ContractSerialization
{
    public static ISerializerBuilder AddRefundClusterContracts(this ISerializerBuilder builder) =>
        builder.AddJsonSerializer(isSupported: IsDomainType);

    public static bool IsDomainType(Type type) => type.Namespace?.StartsWith("RefundCluster.Domain", StringComparison.Ordinal) == true;
}
