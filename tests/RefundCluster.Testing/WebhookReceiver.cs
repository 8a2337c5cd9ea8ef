using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RefundCluster.Testing;

/// <summary>A real HTTP receiver for webhooks on 127.0.0.1: it records every request and answers what the test says.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private int _inFlight;
    private int _maxInFlight;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The status for the n-th request (1-based); 200 unless the test decides otherwise.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    /// <summary>How long the receiver takes to answer (a slow receiver keeps deliveries in flight).</summary>
    public TimeSpan Delay { get; set; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The most requests it was answering at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public string Url => _app.Urls.First() + "/hook";

    public sealed record Received(Dictionary<string, string> Headers, string Body, int AnsweredWith)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
    }

    public static async Task<WebhookReceiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            var inFlight = Interlocked.Increment(ref receiver._inFlight);
            for (var max = receiver._maxInFlight; inFlight > max; max = receiver._maxInFlight)
            {
                Interlocked.CompareExchange(ref receiver._maxInFlight, inFlight, max);
            }

            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (receiver.Delay > TimeSpan.Zero)
            {
                await Task.Delay(receiver.Delay);
            }

            Interlocked.Decrement(ref receiver._inFlight);

            var status = receiver.Answer(Interlocked.Increment(ref receiver._requests));
            receiver.Requests.Enqueue(new Received(
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until the receiver has answered <paramref name="count"/> requests 2xx, or throws.</summary>
    public async Task<List<Received>> Delivered(int count, TimeSpan? within = null, CancellationToken cancel = default)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var delivered = Requests.Where(r => r.AnsweredWith is >= 200 and < 300).ToList();
            if (delivered.Count >= count)
            {
                return delivered;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Only {delivered.Count} of {count} webhook deliveries arrived ({Requests.Count} requests).");
            }

            await Task.Delay(100, cancel);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
