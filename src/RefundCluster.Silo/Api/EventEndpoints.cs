using System.Globalization;
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
            .WithSummary("Send one event; answered once its effect is persisted. Resending an eventId replays the first answer. " +
                         "Past the silo's capacity: 503 cluster.overloaded with Retry-After, nothing applied.")
            .WithDescription(SingleAdmission)
            .Accepts<IntegratorEvent>("application/json")
            .Produces<EventOutcome>()
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(408).ProducesProblem(409).ProducesProblem(413).ProducesProblem(422)
            .ProducesProblem(503)
            .RequireAuthorization(AccessPolicies.Integrator);

        app.MapPost("/v1/events/batch", PostBatch)
            .WithName("PostEventBatch")
            .WithSummary($"Send up to {ApiErrors.MaxBatchSize} events, answered item by item. One order's events are applied in the order given. " +
                         "Past the silo's capacity, items not admitted are rejected cluster.overloaded with retryAfter (nothing applied); " +
                         "503 with Retry-After when none was admitted.")
            .WithDescription(BatchAdmission)
            .Accepts<IntegratorEvent[]>("application/json")
            .Produces<BatchResult>()
            .ProducesProblem(400).ProducesProblem(408).ProducesProblem(413).ProducesProblem(503)
            .RequireAuthorization(AccessPolicies.Integrator);
    }

    private const string SingleAdmission =
        "Admission control counts events: the event takes one of the silo's permits (Admission:MaxEventsInFlight) once its body is " +
        "read and parsed, and gives it back when its grain has answered. With none free within Admission:MaxWait (a few ms), the " +
        "answer is 503 cluster.overloaded with Retry-After: nothing was applied, resend with the same eventId. An admitted event " +
        "whose grain does not answer within Admission:EventTimeout is answered 503 cluster.unavailable with Retry-After: it may " +
        "or may not be applied, and a resend with the same eventId is safe (answered as a duplicate if it was).";

    private const string BatchAdmission =
        "Admission control counts events: the batch takes one permit per valid event, in index order, as many as are free " +
        "(after at most Admission:MaxWait), and each permit is given back as soon as its event's grain has answered. Events beyond " +
        "those permits are not applied: their items are rejected with problem code cluster.overloaded and retryAfter (seconds), " +
        "and the response carries Retry-After. Since admission goes by index, when an order's event is not admitted none of that " +
        "order's later events in the batch is. Likewise, after an order's event is refused for a passing reason (cluster.unavailable, " +
        "storage.conflict), that order's later events are not sent (batch.not_attempted, with retryAfter). Resend the items that " +
        "carry retryAfter, in order, with the same eventIds. When not one event could be admitted, the whole batch is answered " +
        "503 cluster.overloaded with Retry-After (nothing applied).";

    private static async Task<IResult> PostEvent(
        HttpContext context, EventDispatcher dispatcher, EventAdmission admission, IOptions<JsonOptions> json, TimeProvider clock)
    {
        var (document, malformed) = await JsonBody.Read(context);
        if (malformed is not null)
        {
            return Problems.ToResult(malformed, context);
        }

        IntegratorEvent e;
        using (document)
        {
            var (parsed, eventId, error) = EventParser.Parse(document!.RootElement, json.Value.SerializerOptions, clock.GetUtcNow());
            if (error is not null)
            {
                return Problems.ToResult(error, context, eventId);
            }

            e = parsed!;
        }

        // Only now, with the event read and checked, does it take a permit.
        using var lease = await admission.Admit(1, "single", context.RequestAborted);
        if (lease.Count == 0)
        {
            return Problems.ToResult(ApiErrors.Overloaded(admission.RetryAfterSeconds), context, e.EventId, admission.RetryAfterSeconds);
        }

        using var answerBy = dispatcher.AnswerWindow();
        var outcome = await dispatcher.Dispatch(e, context.Credential(), lease, answerBy.Token);
        return outcome.Error is { } refused ? Problems.ToResult(refused, context, outcome.EventId) : Results.Ok(outcome);
    }

    private static async Task<IResult> PostBatch(
        HttpContext context, EventDispatcher dispatcher, EventAdmission admission, IOptions<JsonOptions> json, TimeProvider clock)
    {
        var (document, malformed) = await JsonBody.Read(context, JsonBody.MaxBatchBytes);
        if (malformed is not null)
        {
            return Problems.ToResult(malformed, context);
        }

        BatchItem[] items;
        List<(int Index, IntegratorEvent Event)> valid;
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
            items = new BatchItem[count];
            valid = new List<(int Index, IntegratorEvent Event)>(count);
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
        }

        // Permits for as many valid events as are free, in index order: an order's events are admitted as a prefix, so
        // when one is shed, so are all its later ones.
        using var lease = valid.Count > 0 ? await admission.Admit(valid.Count, "batch", context.RequestAborted) : null;
        var admitted = lease?.Count ?? 0;
        if (valid.Count > 0 && admitted == 0)
        {
            return Problems.ToResult(ApiErrors.Overloaded(admission.RetryAfterSeconds), context, retryAfterSeconds: admission.RetryAfterSeconds);
        }

        foreach (var (i, e) in valid.Skip(admitted))
        {
            items[i] = BatchItem.Shed(i, e.EventId, admission.RetryAfterSeconds);
        }

        // Orders are independent of each other; one order's events (and its refunds') must keep their order. Each
        // event's permit goes back as soon as its grain answers.
        var credential = context.Credential();
        using var answerBy = dispatcher.AnswerWindow();
        await Task.WhenAll(valid.Take(admitted).GroupBy(v => v.Event.OrderId, StringComparer.Ordinal).Select(async group =>
        {
            string? interruptedBy = null;
            foreach (var (i, e) in group)
            {
                if (interruptedBy is not null)
                {
                    lease!.ReturnOne();
                    items[i] = BatchItem.Rejected(i, e.EventId, ApiErrors.NotAttempted(interruptedBy));
                    continue;
                }

                items[i] = BatchItem.From(i, await dispatcher.Dispatch(e, credential, lease!, answerBy.Token));
                if (items[i].RetryAfter is not null)
                {
                    // Not applied, but it may be on a resend: applying this order's later events now could put them first.
                    interruptedBy = e.EventId;
                }
            }
        }));

        var retryAfter = items.Max(i => i.RetryAfter);
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
        }

        return Results.Ok(new BatchResult(
            items.Count(i => i.Status == OutcomeStatus.Accepted), items.Count(i => i.Status == OutcomeStatus.Duplicate),
            items.Count(i => i.Status == OutcomeStatus.Rejected), valid.Count - admitted, items));
    }
}
