using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Views;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary><c>POST /v1/events</c> and <c>POST /v1/events/batch</c>: the integrators' way in.</summary>
public static class EventEndpoints
{
    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/events", PostEvent)
            .WithName("PostEvent")
            .WithSummary("Send one event; answered once its effect is persisted. Resending an eventId replays the first answer.")
            .Accepts<IntegratorEvent>("application/json")
            .Produces<EventOutcome>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422).ProducesProblem(503)
            .RequireRateLimiting(AdmissionOptions.PolicyName)
            .RequireAuthorization(AccessPolicies.Integrator);

        app.MapPost("/v1/events/batch", PostBatch)
            .WithName("PostEventBatch")
            .WithSummary($"Send up to {ApiErrors.MaxBatchSize} events, answered item by item. One order's events are applied in the order given.")
            .Accepts<IntegratorEvent[]>("application/json")
            .Produces<BatchResult>()
            .ProducesProblem(400).ProducesProblem(503)
            .RequireRateLimiting(AdmissionOptions.PolicyName)
            .RequireAuthorization(AccessPolicies.Integrator);
    }

    private static async Task<IResult> PostEvent(HttpContext context, EventDispatcher dispatcher, IOptions<JsonOptions> json, TimeProvider clock)
    {
        var (document, malformed) = await JsonBody.Read(context);
        if (malformed is not null)
        {
            return Problems.ToResult(malformed, context);
        }

        using (document)
        {
            var (e, eventId, error) = EventParser.Parse(document!.RootElement, json.Value.SerializerOptions, clock.GetUtcNow());
            if (error is not null)
            {
                return Problems.ToResult(error, context, eventId);
            }

            var outcome = await dispatcher.Dispatch(e!, context.Credential());
            return outcome.Error is { } refused ? Problems.ToResult(refused, context, outcome.EventId) : Results.Ok(outcome);
        }
    }

    private static async Task<IResult> PostBatch(HttpContext context, EventDispatcher dispatcher, IOptions<JsonOptions> json, TimeProvider clock)
    {
        var (document, malformed) = await JsonBody.Read(context, JsonBody.MaxBatchBytes);
        if (malformed is not null)
        {
            return Problems.ToResult(malformed, context);
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return Problems.ToResult(ApiErrors.BatchNotAnArray, context);
            }

            var count = root.GetArrayLength();
            if (count == 0 || count > ApiErrors.MaxBatchSize)
            {
                return Problems.ToResult(count == 0 ? ApiErrors.BatchEmpty : ApiErrors.BatchTooLarge(count), context);
            }

            var now = clock.GetUtcNow();
            var credential = context.Credential();
            var items = new BatchItem[count];
            var valid = new List<(int Index, IntegratorEvent Event)>(count);
            var index = 0;
            foreach (var element in root.EnumerateArray())
            {
                var (e, eventId, error) = EventParser.Parse(element, json.Value.SerializerOptions, now);
                if (error is not null)
                {
                    items[index] = BatchItem.Rejected(index, eventId, error);
                }
                else
                {
                    valid.Add((index, e!));
                }

                index++;
            }

            // Orders are independent of each other; one order's events (and its refunds') must keep their order.
            await Task.WhenAll(valid.GroupBy(v => v.Event.OrderId, StringComparer.Ordinal).Select(async group =>
            {
                foreach (var (i, e) in group)
                {
                    items[i] = BatchItem.From(i, await dispatcher.Dispatch(e, credential));
                }
            }));

            return Results.Ok(new BatchResult(
                items.Count(i => i.Status == OutcomeStatus.Accepted), items.Count(i => i.Status == OutcomeStatus.Duplicate),
                items.Count(i => i.Status == OutcomeStatus.Rejected), items));
        }
    }
}
