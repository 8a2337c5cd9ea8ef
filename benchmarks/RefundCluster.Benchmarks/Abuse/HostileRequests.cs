using System.Collections.Concurrent;
using System.Text;
using RefundCluster.Performance.Pacing;

namespace RefundCluster.Benchmarks.Abuse;

/// <summary>
/// A hostile client with a valid key: <see cref="HostileInput"/>'s kinds in turn, at a constant arrival rate
/// (<see cref="Pacer"/>), every answer counted by status and problem code, overall and per kind.
/// </summary>
public sealed class HostileRequests(HttpClient http)
{
    public AnswerTally Answers { get; } = new();

    public ConcurrentDictionary<string, AnswerTally> ByKind { get; } = new(StringComparer.Ordinal);

    public long Sent => Answers.Total;

    public async Task Run(int rate, TimeSpan duration)
    {
        var inFlight = new List<Task>(capacity: (int)Math.Min(rate * duration.TotalSeconds + 16, 1_000_000));
        await Pacer.Run(rate, duration, (n, _) => inFlight.Add(Task.Run(() => Send(n))), CancellationToken.None, "hostile requests");
        await Task.WhenAll(inFlight);
    }

    private async Task Send(long n)
    {
        var kind = HostileInput.All[n % HostileInput.All.Length];
        string answer;
        try
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(kind.Body(n)));
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(kind.ContentType);
            using var response = await http.PostAsync(kind.Path, content);
            answer = AnswerTally.Of((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
        }
        catch (HttpRequestException e)
        {
            answer = $"no answer ({e.HttpRequestError})";
        }
        catch (TaskCanceledException)
        {
            answer = "no answer (client timeout)";
        }

        Answers.Add(answer);
        ByKind.GetOrAdd(kind.Name, _ => new AnswerTally()).Add(answer);
    }
}
