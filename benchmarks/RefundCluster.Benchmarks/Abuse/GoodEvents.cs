using System.Diagnostics;
using System.Text;
using RefundCluster.Performance.Measuring;
using RefundCluster.Performance.Pacing;

namespace RefundCluster.Benchmarks.Abuse;

/// <summary>
/// The well-behaved integrator: one real <c>order.paid</c> for a new order per request, at a constant arrival rate
/// (the load-test tool's <see cref="Pacer"/>: request i is due at start + i/rate whether or not earlier ones were
/// answered). Latency counts from each request's intended start, so a stall shows up in every request it delayed.
/// </summary>
public sealed class GoodEvents(HttpClient http, string run)
{
    /// <summary>Answers 200 (their latency) and everything else (by answer), for requests due after the warm-up.</summary>
    public sealed record Result(LatencyHistogram Ok, AnswerTally Refused, long Sent)
    {
        public long NotOk => Refused.Total;
    }

    public async Task<Result> Run(string phase, int rate, TimeSpan warmup, TimeSpan duration)
    {
        var ok = new LatencyHistogram();
        var refused = new AnswerTally();
        var sent = 0L;
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var inFlight = new List<Task>(capacity: (int)Math.Min(rate * (warmup + duration).TotalSeconds + 16, 1_000_000));
        await Pacer.Run(rate, warmup + duration, (n, intended) => inFlight.Add(Task.Run(async () =>
        {
            var measured = intended >= measureFrom;
            var answer = await Send(phase, n);
            if (!measured)
            {
                return;
            }

            Interlocked.Increment(ref sent);
            if (answer is null)
            {
                ok.RecordSince(intended);
            }
            else
            {
                refused.Add(answer);
            }
        })), CancellationToken.None, $"good events {phase}");
        await Task.WhenAll(inFlight);
        return new Result(ok, refused, sent);
    }

    /// <summary>Null for a 200; otherwise what came back instead.</summary>
    private async Task<string?> Send(string phase, long n)
    {
        var id = $"good-{run}-{phase}-{n}";
        var json = $$"""{"eventId":"{{id}}","kind":"order.paid","orderId":"{{id}}","shopId":"good-shop-{{n % 64}}","buyerId":"buyer-{{n % 1000}}","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":10}],"paidAmount":10}""";
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("v1/events", content);
            var body = await response.Content.ReadAsByteArrayAsync();
            return (int)response.StatusCode == 200 ? null : AnswerTally.Of((int)response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            return $"no answer ({e.HttpRequestError})";
        }
        catch (TaskCanceledException)
        {
            return "no answer (client timeout)";
        }
    }
}
