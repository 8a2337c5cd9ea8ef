using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using RefundCluster.Contracts.Changes;
using RefundCluster.Contracts.Lists;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Grains.Lists;

/// <summary>
/// One shop's refunds and orders as their latest changes describe them, and the pages its lists answer. Fed the latest
/// change of every entity once (<see cref="Load"/>), then every change after it in log order (<see cref="Apply"/>).
/// </summary>
public sealed class ShopList
{
    // The wire format, read leniently: a view written by another version of the silo (a field more or less) still reads.
    private static readonly JsonSerializerOptions LoggedViews = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly KeysetIndex<RefundSummary> _refunds = new();
    private readonly KeysetIndex<OrderSummary> _orders = new();

    public int RefundCount => _refunds.Count;

    public int OrderCount => _orders.Count;

    public void Load(IEnumerable<ChangeRecord> latest)
    {
        var refunds = new List<(string, int, DateTimeOffset?, long, RefundSummary)>();
        var orders = new List<(string, int, DateTimeOffset?, long, OrderSummary)>();
        foreach (var change in latest)
        {
            if (change.RefundId is not null)
            {
                var r = Read<RefundSummary>(change);
                refunds.Add((r.RefundId, r.Version, r.NextDeadline, change.Cursor, r));
            }
            else
            {
                var o = Read<OrderSummary>(change);
                orders.Add((o.OrderId, o.Version, o.NextDeadline, change.Cursor, o));
            }
        }

        _refunds.Load(refunds);
        _orders.Load(orders);
    }

    public void Apply(ChangeRecord change)
    {
        if (change.RefundId is not null)
        {
            var r = Read<RefundSummary>(change);
            _refunds.Put(r.RefundId, r.Version, r.NextDeadline, change.Cursor, r);
        }
        else
        {
            var o = Read<OrderSummary>(change);
            _orders.Put(o.OrderId, o.Version, o.NextDeadline, change.Cursor, o);
        }
    }

    /// <summary>How many of the shop's refunds are in each status now (a walk through all of them).</summary>
    public ImmutableDictionary<RefundStatus, int> RefundCounts() =>
        _refunds.Items.GroupBy(r => r.Status).ToImmutableDictionary(g => g.Key, g => g.Count());

    public RefundPage Refunds(RefundListQuery q)
    {
        var (items, last, more) = _refunds.Page(q.Sort, Position(q.After, q.Sort), r =>
            (q.Statuses.IsDefaultOrEmpty || q.Statuses.Contains(r.Status))
            && (q.Kinds.IsDefaultOrEmpty || q.Kinds.Contains(r.RefundKind))
            && (q.Reasons.IsDefaultOrEmpty || q.Reasons.Contains(r.Reason))
            && (q.ModifiedSince is not { } since || r.ModifiedAt >= since), q.Limit);
        return new RefundPage([.. items], last?.ToString(), more);
    }

    public OrderPage Orders(OrderListQuery q)
    {
        var (items, last, more) = _orders.Page(q.Sort, Position(q.After, q.Sort), o =>
            (q.Statuses.IsDefaultOrEmpty || q.Statuses.Contains(o.Status))
            && (q.ModifiedSince is not { } since || o.ModifiedAt >= since), q.Limit);
        return new OrderPage([.. items], last?.ToString(), more);
    }

    private static ListPosition? Position(string? after, ListSort sort) =>
        after is null ? null
        : ListPosition.TryParse(after, sort, out var position) ? position
        : throw new ArgumentException($"'{after}' is not a cursor of a list sorted by {sort}.", nameof(after));

    private static T Read<T>(ChangeRecord change) =>
        JsonSerializer.Deserialize<T>(change.View, LoggedViews) ?? throw new JsonException($"Change {change.Cursor} has no view.");
}
