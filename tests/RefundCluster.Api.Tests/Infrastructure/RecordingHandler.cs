namespace RefundCluster.Api.Tests.Infrastructure;

/// <summary>Keeps the last request and response bodies a client exchanged, to say what went wrong when a generated client fails.</summary>
public sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
{
    public string Last { get; private set; } = "(nothing sent)";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sent = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        Last = $"{request.Method} {request.RequestUri} {sent}{Environment.NewLine}→ {(int)response.StatusCode} {answer}";
        return response;
    }

    /// <summary>Runs a step of a generated client; a failure names the exchange that caused it.</summary>
    public async Task<dynamic> Step(Func<Task<dynamic>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException($"{ex.GetType().Name}: {ex.Message}{Environment.NewLine}{Last}", ex);
        }
    }
}
