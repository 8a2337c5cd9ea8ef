using System.Collections.Concurrent;
using System.Diagnostics;

namespace RefundCluster.Durable.Tests.Support;

/// <summary>
/// What an orchestrator and a dashboard would see during a fault: each silo's <c>/readyz</c> every 200 ms, and every
/// 500 ms a few reads (a refund, a shop's refund list, the change feed), each answer recorded until disposed.
/// </summary>
public sealed class ClusterWatch : IAsyncDisposable
{
    private static readonly TimeSpan ReadyEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ReadsEvery = TimeSpan.FromMilliseconds(500);

    private readonly HttpClient _http = TestCredentials.Admin.NewClient(null, FailoverClient.RequestTimeout);
    private readonly CancellationTokenSource _stop = new(); // not disposed: answers may still be read, it holds no timer
    private readonly Task _watching;

    /// <param name="reads">The paths to read on each silo (asked again each round: they may name what the load made).</param>
    public ClusterWatch(IReadOnlyList<Uri> silos, Func<IEnumerable<string>> reads)
    {
        _watching = Task.WhenAll(silos.SelectMany(silo => new[]
        {
            Task.Run(() => Poll(silo, ReadyEvery, () => ["readyz"])),
            Task.Run(() => Poll(silo, ReadsEvery, reads)),
        }));
    }

    public ConcurrentQueue<HttpAnswer> Answers { get; } = new();

    /// <summary>The <c>/readyz</c> answers of one silo, in the order they were sent.</summary>
    public IEnumerable<HttpAnswer> Readiness(Uri silo) => Answers.Where(a => a.Port == silo.Port && a.What == "readyz").OrderBy(a => a.SentAt);

    private async Task Poll(Uri silo, TimeSpan every, Func<IEnumerable<string>> paths)
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var path in paths())
            {
                var sentAt = DateTime.UtcNow;
                var took = Stopwatch.StartNew();
                try
                {
                    using var response = await _http.GetAsync(new Uri(silo, path), CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    Answers.Enqueue(HttpAnswer.Of(sentAt, took.Elapsed, silo, path, response, body));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Answers.Enqueue(new HttpAnswer(sentAt, took.Elapsed, silo.Port, path, 0, null, false, e.GetType().Name));
                }
            }

            try
            {
                await Task.Delay(every, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Stops watching (the answers stay); may be called again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _watching;
        _http.Dispose();
    }
}
