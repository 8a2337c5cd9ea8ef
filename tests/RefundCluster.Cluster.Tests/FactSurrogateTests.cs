using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;
using RefundCluster.Contracts.Metrics;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Cluster.Tests;

/// <summary>
/// The shop facts travel through Orleans' own codec (a surrogate each), not as JSON: every property of a fact has its
/// field in the surrogate, and a fact with every property set comes back equal, serialized and copied.
/// </summary>
public sealed class FactSurrogateTests
{
    private static readonly IServiceProvider Services =
        new ServiceCollection().AddSerializer(serializer => serializer.AddRefundClusterContracts()).BuildServiceProvider();

    [Fact]
    public void A_refund_fact_survives_the_wire_with_every_property() => AssertTravels<RefundFact, RefundFactSurrogate>();

    [Fact]
    public void An_order_fact_survives_the_wire_with_every_property() => AssertTravels<OrderFact, OrderFactSurrogate>();

    [Fact]
    public void Facts_do_not_travel_as_json()
    {
        var codecs = Services.GetRequiredService<ICodecProvider>();
        Assert.IsNotType<JsonCodec>(codecs.GetCodec(typeof(RefundFact)));
        Assert.IsNotType<JsonCodec>(codecs.GetCodec(typeof(OrderFact)));
    }

    private static void AssertTravels<TFact, TSurrogate>() where TFact : class
    {
        var properties = Stored(typeof(TFact));
        Assert.Equal(properties.Select(p => p.Name).Order(), Stored(typeof(TSurrogate)).Select(p => p.Name).Order());

        var fact = EveryPropertySet<TFact>(properties);
        var serializer = Services.GetRequiredService<Serializer<TFact>>();
        Assert.Equal(fact, serializer.Deserialize(serializer.SerializeToArray(fact)));
        Assert.Equal(fact, Services.GetRequiredService<DeepCopier<TFact>>().Copy(fact));
    }

    /// <summary>What a fact holds: its settable properties (computed getters are derived from them).</summary>
    private static PropertyInfo[] Stored(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null && p.Name != "EqualityContract")];

    /// <summary>A fact whose every property differs from its default, so that one left out of the surrogate shows.</summary>
    private static TFact EveryPropertySet<TFact>(PropertyInfo[] properties)
    {
        var fact = (TFact)Activator.CreateInstance(typeof(TFact))!;
        var at = new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);
        foreach (var (property, i) in properties.Select((p, i) => (p, i)))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object value = type switch
            {
                _ when type == typeof(string) => $"{property.Name}-{i}",
                _ when type == typeof(int) => i + 1,
                _ when type == typeof(bool) => true,
                _ when type == typeof(DateTimeOffset) => at.AddMinutes(i),
                { IsEnum: true } => Enum.GetValues(type).Cast<object>().Last(),
                _ when type == typeof(SkuList) => SkuList.Of([$"{property.Name}-a", $"{property.Name}-b"]),
                _ => throw new InvalidOperationException($"{typeof(TFact).Name}.{property.Name}: give the test a value for {type.Name}."),
            };
            property.SetValue(fact, value);
        }

        return fact;
    }
}
