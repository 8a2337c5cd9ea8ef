using RefundCluster.Contracts.Events;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Client.Tests.Infrastructure;

/// <summary>Typed events with fresh eventIds, and ids unique to one test (tests share a host).</summary>
public static class TestEvents
{
    public static string Id(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static OrderPaidEvent Paid(string orderId, decimal amount, string shopId) => new()
    {
        EventId = Id("evt"), OrderId = orderId, ShopId = shopId, BuyerId = "buyer-1",
        Lines = [new OrderLineDto("SKU-1", 1, amount)], PaidAmount = amount,
    };

    public static RefundRequestedEvent RefundRequested(string orderId, string refundId, decimal amount) => new()
    {
        EventId = Id("evt"), OrderId = orderId, RefundId = refundId, RefundKind = RefundKind.RefundOnly,
        Reason = RefundReason.ChangedMind, Amount = amount,
    };

    public static RefundApprovedEvent Approved(string orderId, string refundId) => new() { EventId = Id("evt"), OrderId = orderId, RefundId = refundId };
}
