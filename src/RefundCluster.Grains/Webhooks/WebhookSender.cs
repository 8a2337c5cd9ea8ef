using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace RefundCluster.Grains.Webhooks;

/// <summary>
/// Sends one signed webhook message. The connection goes only to addresses <see cref="WebhookTargets"/> allows (checked
/// after DNS, so a name cannot lead to a private address), and a receiver has <see cref="WebhookOptions.Timeout"/> to answer.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _http;

    public WebhookSender(IOptions<WebhookOptions> options)
    {
        var settings = options.Value;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AllowAutoRedirect = false,
            ConnectCallback = (context, cancel) => Connect(context, settings.AllowPrivateTargets, cancel),
        })
        {
            Timeout = settings.Timeout,
        };
    }

    public sealed record Result(bool Succeeded, int? StatusCode, string? Error, double DurationMs);

    public async Task<Result> Send(string url, string messageId, DateTimeOffset at, string body, byte[] key, CancellationToken cancel)
    {
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.Sign(key, messageId, timestamp, body));
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
            var status = (int)response.StatusCode;
            return new Result(status is >= 200 and < 300, status, null, watch.Elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            return new Result(false, null, e is HttpRequestException ? e.Message : "timed out", watch.Elapsed.TotalMilliseconds);
        }
    }

    private static async ValueTask<Stream> Connect(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancel)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancel);
        var allowed = addresses.Where(a => allowPrivate || WebhookTargets.IsPublic(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to no address a webhook may be delivered to.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancel);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();
}
