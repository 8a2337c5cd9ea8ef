using System.Collections.Concurrent;

namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// Refund lifecycles driven through the HTTP API by a <see cref="FailoverClient"/> (which resends an event until it is
/// acknowledged): a run id of their own, one shop whose seller-response deadline is 3 h (so the deadline refunds
/// them), and a record of every event acknowledged, for <see cref="LifecycleAudit"/>.
/// </summary>
public sealed class LifecycleRun
{
    private readonly ConcurrentQueue<Lifecycle> _started = new();
    private int _next;
    private int _done;

    private LifecycleRun(FailoverClient client, string runId)
    {
        Client = client;
        RunId = runId;
    }

    public FailoverClient Client { get; }

    public string RunId { get; }

    public string TimeoutShop => $"shop-timeout-{RunId}";

    /// <summary>The lifecycles started so far (all of them once <see cref="Drive"/> has finished).</summary>
    public IReadOnlyList<Lifecycle> Lifecycles => [.. _started];

    public ConcurrentBag<JsonObject> Acknowledged { get; } = [];

    public int Done => Volatile.Read(ref _done);

    public static async Task<LifecycleRun> Prepare(FailoverClient client)
    {
        var run = new LifecycleRun(client, Guid.NewGuid().ToString("N")[..8]);
        var policy = (await client.Get($"v1/shops/{run.TimeoutShop}/policy"))!["policy"]!.AsObject();
        policy["deadlines"]!["sellerResponse"] = "03:00:00";
        await client.Put($"v1/shops/{run.TimeoutShop}/policy", policy);
        return run;
    }

    /// <summary>
    /// Drives up to <paramref name="refunds"/> lifecycles, <paramref name="concurrency"/> at a time, each event resent
    /// until acknowledged; no new one starts once <paramref name="stopStarting"/> is cancelled, those started finish.
    /// <paramref name="lifecycleDone"/> is told how many are done after each; <paramref name="pause"/> paces a worker
    /// between two lifecycles.
    /// </summary>
    public Task Drive(int refunds, int concurrency, CancellationToken stopStarting = default, TimeSpan pause = default, Action<int>? lifecycleDone = null) =>
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stopStarting.IsCancellationRequested && Interlocked.Increment(ref _next) - 1 is var index && index < refunds)
            {
                var lifecycle = Lifecycle.Create(index, RunId, TimeoutShop);
                _started.Enqueue(lifecycle);
                foreach (var e in lifecycle.Events())
                {
                    var answer = await Client.Send(e);
                    Assert.Contains(answer["status"]!.GetValue<string>(), new[] { "accepted", "duplicate" });
                    Acknowledged.Add(e);
                }

                var done = Interlocked.Increment(ref _done);
                lifecycleDone?.Invoke(done);
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, CancellationToken.None);
                }
            }
        })));
}
