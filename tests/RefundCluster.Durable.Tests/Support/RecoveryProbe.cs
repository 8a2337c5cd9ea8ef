using System.Collections.Concurrent;
using System.Diagnostics;

namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// How long after the database came back (restarted, or a standby promoted) a silo answers again: its <c>/readyz</c>,
/// or a new order's event, asked every 100 ms until the first 200; every answer is kept for the fault tests' checks.
/// </summary>
public static class RecoveryProbe
{
    /// <summary>Asks one silo every 100 ms (from <paramref name="since"/>) until it answers 200; how long that took.</summary>
    public static async Task<TimeSpan> FirstOk(HttpClient http, Uri silo, string path, JsonObject? body, DateTime since, ConcurrentQueue<HttpAnswer> answers)
    {
        var giveUp = since + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < giveUp)
        {
            var sentAt = DateTime.UtcNow;
            var took = Stopwatch.StartNew();
            try
            {
                using var content = body is null ? null : new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
                using var response = body is null
                    ? await http.GetAsync(new Uri(silo, path), CancellationToken.None)
                    : await http.PostAsync(new Uri(silo, path), content, CancellationToken.None);
                var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                var answer = HttpAnswer.Of(sentAt, took.Elapsed, silo, path == "readyz" ? "readyz" : $"probe {path}", response, text);
                answers.Enqueue(answer);
                if (response.IsSuccessStatusCode)
                {
                    return answer.AnsweredAt - since;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                answers.Enqueue(new HttpAnswer(sentAt, took.Elapsed, silo.Port, path, 0, null, false, e.GetType().Name));
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return TimeSpan.MaxValue;
    }

    /// <summary>How long until one silo accepted a new order's <c>order.paid</c> (a write through to the database).</summary>
    public static Task<TimeSpan> FirstAcceptedOrder(HttpClient http, Uri silo, string orderId, string shopId, DateTime since, ConcurrentQueue<HttpAnswer> answers)
    {
        var paid = new JsonObject
        {
            ["kind"] = "order.paid", ["eventId"] = $"pay-{orderId}", ["orderId"] = orderId, ["shopId"] = shopId,
            ["buyerId"] = "b-probe", ["paidAmount"] = 10m,
            ["lines"] = new JsonArray(new JsonObject { ["sku"] = "sku-1", ["quantity"] = 1, ["unitPrice"] = 10m }),
        };
        return FirstOk(http, silo, "v1/events", paid, since, answers);
    }
}
