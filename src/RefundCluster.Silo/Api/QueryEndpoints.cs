using RefundCluster.Contracts.Grains;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;

namespace RefundCluster.Silo.Api;

/// <summary>Reads of live order and refund state.</summary>
public static class QueryEndpoints
{
    public static void MapQueryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/orders/{orderId}", async (string orderId, IGrainFactory grains, HttpContext context) =>
                Found(EventParser.IsValidId(orderId) ? await grains.GetGrain<IOrderGrain>(orderId).GetView() : null, Errors.OrderUnknown, context))
            .WithName("GetOrder").WithSummary("An order: status, money (paid, refunded, reserved, refundable), alerts, deadlines, history.")
            .Produces<OrderView>().ProducesProblem(404);

        app.MapGet("/v1/refunds/{refundId}", async (string refundId, IGrainFactory grains, HttpContext context) =>
                Found(EventParser.IsValidId(refundId) ? await grains.GetGrain<IRefundGrain>(refundId).GetView() : null, Errors.RefundUnknown, context))
            .WithName("GetRefund").WithSummary("A refund: status, Taobao status, amounts, first reason, pending deadlines, full history.")
            .Produces<RefundView>().ProducesProblem(404);
    }

    private static IResult Found<T>(T? view, DomainError unknown, HttpContext context) where T : class =>
        view is null ? Problems.ToResult(EventError.From(unknown), context) : Results.Ok(view);
}
