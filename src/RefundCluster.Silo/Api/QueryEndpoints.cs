using RefundCluster.Contracts;
using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Reads of live order and refund state, by shop services (their own shop) and operators. Another shop's order or
/// refund is answered exactly as one that does not exist.
/// </summary>
public static class QueryEndpoints
{
    public static void MapQueryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/orders/{orderId}", async (string orderId, IGrainFactory grains, HttpContext context) =>
                Found(EventParser.IsValidId(orderId) ? await grains.GetGrain<IOrderGrain>(orderId).GetView() : null, o => o.ShopId, Errors.OrderUnknown, context))
            .WithName("GetOrder").WithSummary("An order: status, money (paid, refunded, reserved, refundable), alerts, deadlines, history.")
            .Produces<OrderView>().ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);

        app.MapGet("/v1/refunds/{refundId}", async (string refundId, IGrainFactory grains, HttpContext context) =>
                Found(EventParser.IsValidId(refundId) ? await grains.Refunds().GetView(refundId) : null, r => r.ShopId, Errors.RefundUnknown, context))
            .WithName("GetRefund").WithSummary("A refund: status, Taobao status, amounts, first reason, pending deadlines, full history.")
            .Produces<RefundView>().ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);
    }

    private static IResult Found<T>(T? view, Func<T, string> shopOf, DomainError unknown, HttpContext context) where T : class =>
        view is null || !context.Credential().MayRead(shopOf(view)) ? Problems.ToResult(EventError.From(unknown), context) : Results.Ok(view);
}
