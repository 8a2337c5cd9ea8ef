namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// A Double-11 funnel per iteration: an order is paid; by <see cref="Double11Mix"/> it is left alone or refunded along
/// one of four paths (0秒退 before shipment; in-transit refund with interception; return and refund step by step;
/// refusal, dispute and a judgment for the buyer). Every path ends in SUCCESS, which the audit checks.
/// </summary>
public sealed class Double11Scenario(ShopPicker shops, string runId, Double11Mix mix, DataFeed? feed = null) : IScenario
{
    public string Name => "double11";

    public string Description =>
        $"funnel over {shops.Describe()}: {mix.Refund:P0} of orders refunded (0秒退 {mix.ZeroSecond:0.##}, in transit {mix.InTransit:0.##}, return {mix.ReturnAndRefund:0.##}, dispute {mix.Dispute:0.##}" +
        (mix.SellerSilence + mix.ReturnSilence > 0 ? $", silent seller {mix.SellerSilence:0.##}, unrefunded signed return {mix.ReturnSilence:0.##})" : ")") +
        (feed is null ? "" : $"; SKUs: {feed.Describe()}");

    public ScenarioExpectations Expectations { get; } = new();

    public async Task Run(long iteration, Iteration context)
    {
        var shop = shops.ShopOf(runId, iteration);
        var order = $"o-{runId}-{iteration}";
        var refund = $"r-{runId}-{iteration}";
        string Id(string what) => $"{what}-{runId}-{iteration}";
        var path = mix.PathOf(iteration);
        // Above the 200 yuan 0秒退 cap where the seller must act (or stay silent), under it for 0秒退.
        var amount = path switch { Double11Path.ZeroSecond => 79m, Double11Path.Dispute or Double11Path.SellerSilence => 300m, _ => 129m };

        await context.Post("order.paid", "v1/events", Events.Paid(Id("pay"), order, shop, amount, feed?.Pick(iteration).Sku));
        if (!context.Healthy)
        {
            return;
        }

        Expectations.OrderPaid(shop);
        if (path == Double11Path.PaidOnly)
        {
            return;
        }

        if (path != Double11Path.ZeroSecond)
        {
            await context.Post("order.shipped", "v1/events", Events.Order("order.shipped", Id("ship"), order, ("trackingNumber", $"SF{iteration}")));
        }

        if (path is Double11Path.ReturnAndRefund or Double11Path.Dispute or Double11Path.ReturnSilence && context.Healthy)
        {
            await context.Post("order.delivered", "v1/events", Events.Order("order.delivered", Id("dlv"), order));
        }

        if (!context.Healthy)
        {
            return;
        }

        var (kind, reason) = path switch
        {
            Double11Path.ZeroSecond => ("refund_only", "changed_mind"),
            Double11Path.InTransit => ("refund_only", "parcel_not_arriving"),
            Double11Path.ReturnAndRefund or Double11Path.ReturnSilence => ("return_and_refund", "quality_defect"),
            Double11Path.SellerSilence => ("refund_only", "changed_mind"),
            _ => ("refund_only", "not_as_described"),
        };
        await context.Post("refund.requested", "v1/events", Events.Refund("refund.requested", Id("req"), order, refund,
            ("refundKind", kind), ("reason", reason), ("amount", amount)));
        if (!context.Healthy)
        {
            return;
        }

        Expectations.RefundRequested(shop);
        var steps = path switch
        {
            Double11Path.InTransit =>
            [
                Events.Refund("interception.requested", Id("icp"), order, refund, ("requestedBy", "seller")),
                Events.Refund("interception.succeeded", Id("ics"), order, refund),
                Events.Refund("refund.approved", Id("apr"), order, refund),
            ],
            Double11Path.ReturnAndRefund =>
            [
                Events.Refund("refund.approved", Id("apr"), order, refund, ("returnAddress", "Hangzhou warehouse 3")),
                Events.Refund("return.shipped", Id("rs"), order, refund, ("trackingNumber", $"YT{iteration}")),
                Events.Refund("return.signed", Id("sg"), order, refund),
                Events.Refund("refund.approved", Id("fin"), order, refund),
            ],
            Double11Path.Dispute =>
            [
                Events.Refund("refund.refused", Id("ref"), order, refund, ("reason", "item used")),
                Events.Refund("intervention.requested", Id("ivr"), order, refund),
                Events.Refund("intervention.started", Id("ivs"), order, refund),
                Events.Refund("refund.judged", Id("jdg"), order, refund, ("winner", "buyer"), ("merchantResponsible", true)),
            ],
            // The seller approves the return, then never refunds the signed parcel: the 48 h after-signing timer does.
            Double11Path.ReturnSilence =>
            [
                Events.Refund("refund.approved", Id("apr"), order, refund, ("returnAddress", "Hangzhou warehouse 3")),
                Events.Refund("return.shipped", Id("rs"), order, refund, ("trackingNumber", $"YT{iteration}")),
                Events.Refund("return.signed", Id("sg"), order, refund),
            ],
            _ => (System.Text.Json.Nodes.JsonObject[])[],
        };
        foreach (var step in steps)
        {
            await context.Post(step["kind"]!.GetValue<string>(), "v1/events", step);
            if (!context.Healthy)
            {
                return;
            }
        }

        // Left to a platform timer: the refund must end refunded by it (automation "timeout").
        Expectations.Expect(refund, shop, "succeeded", path is Double11Path.SellerSilence or Double11Path.ReturnSilence ? "timeout" : null);
    }
}
