namespace RefundCluster.Durable.Tests.Support;

/// <summary>The refund lifecycles the fault test drives, and what each must end as.</summary>
public enum LifecycleKind
{
    /// <summary>Not shipped, under the 0秒退 cap: refunded at once.</summary>
    ZeroSecond,

    /// <summary>Return and refund, every step sent by the integrator.</summary>
    ReturnAndRefund,

    /// <summary>The seller stays silent: the seller-response deadline refunds it.</summary>
    SellerTimeout,

    /// <summary>The buyer cancels: closed, no money moves.</summary>
    Cancelled,
}

public sealed record Lifecycle(LifecycleKind Kind, string ShopId, string OrderId, string RefundId, decimal Amount)
{
    public string ExpectedStatus => Kind == LifecycleKind.Cancelled ? "closed" : "succeeded";

    public decimal ExpectedPayout => Kind == LifecycleKind.Cancelled ? 0m : Amount;

    public string? ExpectedAutomation => Kind switch
    {
        LifecycleKind.ZeroSecond => "zero_second_refund",
        LifecycleKind.SellerTimeout => "timeout",
        _ => null,
    };

    public static Lifecycle Create(int index, string runId, string timeoutShop)
    {
        var kind = (LifecycleKind)(index % 4);
        var amount = kind switch { LifecycleKind.ZeroSecond => 79m, LifecycleKind.ReturnAndRefund => 299m, _ => 500m };
        var shop = kind == LifecycleKind.SellerTimeout ? timeoutShop : $"shop-{runId}";
        return new Lifecycle(kind, shop, $"o-{runId}-{index}", $"r-{runId}-{index}", amount);
    }

    /// <summary>The events, in order, that the integrator sends for this lifecycle.</summary>
    public IEnumerable<JsonObject> Events()
    {
        yield return Event("order.paid", "pay", new JsonObject
        {
            ["shopId"] = ShopId, ["buyerId"] = $"b-{OrderId}", ["paidAmount"] = Amount,
            ["lines"] = new JsonArray(new JsonObject { ["sku"] = "sku-1", ["quantity"] = 1, ["unitPrice"] = Amount }),
        });
        if (Kind == LifecycleKind.ReturnAndRefund)
        {
            yield return Event("order.shipped", "ship", new JsonObject { ["trackingNumber"] = $"SF{OrderId}" });
            yield return Event("order.delivered", "dlv", []);
        }

        yield return RefundEvent("refund.requested", "req", new JsonObject
        {
            ["refundKind"] = Kind == LifecycleKind.ReturnAndRefund ? "return_and_refund" : "refund_only",
            ["reason"] = Kind == LifecycleKind.ReturnAndRefund ? "quality_defect" : "changed_mind", ["amount"] = Amount,
        });
        switch (Kind)
        {
            case LifecycleKind.ReturnAndRefund:
                yield return RefundEvent("refund.approved", "apr", new JsonObject { ["returnAddress"] = "Hangzhou warehouse 3" });
                yield return RefundEvent("return.shipped", "rs", new JsonObject { ["trackingNumber"] = $"YT{OrderId}" });
                yield return RefundEvent("return.signed", "sg", []);
                yield return RefundEvent("refund.approved", "fin", []);
                break;
            case LifecycleKind.Cancelled:
                yield return RefundEvent("refund.cancelled", "cxl", []);
                break;
        }
    }

    private JsonObject Event(string kind, string tag, JsonObject fields)
    {
        var e = new JsonObject { ["kind"] = kind, ["eventId"] = $"{tag}-{OrderId}", ["orderId"] = OrderId };
        foreach (var (name, value) in fields.ToList())
        {
            fields.Remove(name);
            e[name] = value;
        }

        return e;
    }

    private JsonObject RefundEvent(string kind, string tag, JsonObject fields)
    {
        fields["refundId"] = RefundId;
        return Event(kind, tag, fields);
    }
}
