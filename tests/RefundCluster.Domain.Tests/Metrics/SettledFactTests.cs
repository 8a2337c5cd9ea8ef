using System.Reflection;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Domain.Tests.Metrics;

/// <summary>
/// The book keeps ended refunds and settled orders compact (without their ids). Every other field of the fact must
/// survive that: for each property in turn, a fact differing only there must read back exactly (a second correction
/// changes nothing). A field added to a fact and forgotten in its compact form fails here, not in a shop's figures.
/// </summary>
public sealed class SettledFactTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 11, 0, 0, 0, TimeSpan.FromHours(8));

    private static readonly RefundFact EndedRefund = new()
    {
        RefundId = "r1", OrderId = "o1", Version = 3, Scenario = RefundScenario.NotShippedRefundOnly, Status = RefundStatus.Succeeded,
        RequestedAt = Start, FirstReason = RefundReason.ChangedMind, EndedAt = Start.AddMinutes(5),
    };

    private static readonly OrderFact SettledOrder = new() { OrderId = "o1", Version = 4, Status = OrderStatus.Completed, PaidAt = Start };

    /// <summary>Not the SKUs either: a refund's never change, so the compact form leaves them out and the book takes them from the newer fact.</summary>
    public static TheoryData<string> RefundProperties() => [.. Changeable(typeof(RefundFact), "RefundId", "OrderId", "Skus")];

    public static TheoryData<string> OrderProperties() => [.. Changeable(typeof(OrderFact), "OrderId", "Status")];

    [Theory]
    [MemberData(nameof(RefundProperties))]
    public void An_ended_refund_differing_in_one_field_reads_back_exactly(string property)
    {
        var book = new ShopMetricsBook();
        Assert.True(book.Apply(EndedRefund));
        var changed = With(EndedRefund, property);
        Assert.NotEqual(EndedRefund, changed);

        Assert.True(book.Correct(changed), $"the book did not see {property} change");
        Assert.False(book.Correct(changed), $"{property} did not survive the compact form");
    }

    [Theory]
    [MemberData(nameof(OrderProperties))]
    public void A_settled_order_differing_in_one_field_reads_back_exactly(string property)
    {
        var book = new ShopMetricsBook();
        Assert.True(book.Apply(SettledOrder));
        var changed = With(SettledOrder, property);
        Assert.NotEqual(SettledOrder, changed);

        Assert.True(book.Correct(changed), $"the book did not see {property} change");
        Assert.False(book.Correct(changed), $"{property} did not survive the compact form");
        Assert.True(book.IsOrderSettled(SettledOrder.OrderId));
    }

    private static IEnumerable<string> Changeable(Type fact, params string[] ids) =>
        fact.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && !ids.Contains(p.Name)).Select(p => p.Name);

    /// <summary>A copy of the record with one property set to a different, valid value.</summary>
    private static T With<T>(T fact, string name)
        where T : class
    {
        var copy = (T)typeof(T).GetMethod("<Clone>$")!.Invoke(fact, null)!;
        var property = typeof(T).GetProperty(name)!;
        property.SetValue(copy, Other(property.PropertyType, property.GetValue(fact)));
        return copy;
    }

    private static object Other(Type type, object? value)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain switch
        {
            _ when plain == typeof(bool) => !(bool)value!,
            _ when plain == typeof(int) => (int)value! + 1,
            _ when plain == typeof(DateTimeOffset) => ((DateTimeOffset?)value ?? Start).AddMinutes(7),
            { IsEnum: true } => Enum.GetValues(plain).Cast<object>().First(v => !v.Equals(value)),
            _ => throw new InvalidOperationException($"No other value for {type}: teach this test the new field's type."),
        };
    }
}
