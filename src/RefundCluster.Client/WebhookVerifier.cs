using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RefundCluster.Contracts.Changes;

namespace RefundCluster.Client;

/// <summary>
/// Checks a webhook delivery as a receiver gets it, by the Standard Webhooks scheme the cluster signs with: the
/// <c>webhook-signature</c> header holds one or more <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}"))
/// (any one matching passes, compared in constant time), and <c>webhook-timestamp</c> must be within the tolerance of
/// now (a replayed old delivery is refused). Dedupe on <see cref="WebhookMessage.Id"/>: a redelivery keeps it.
/// </summary>
public sealed class WebhookVerifier
{
    private const string SecretPrefix = "whsec_";
    private const string SignatureVersion = "v1";

    private readonly byte[] _key;
    private readonly TimeProvider _clock;

    /// <param name="secret">The subscription's secret as the API handed it out: <c>whsec_</c> + base64.</param>
    /// <param name="tolerance">How far the timestamp may be from now, either way (5 minutes when null).</param>
    /// <param name="clock">What "now" is (the system clock when null).</param>
    public WebhookVerifier(string secret, TimeSpan? tolerance = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException("A webhook secret is whsec_ followed by base64.", nameof(secret));
        }

        try
        {
            _key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        }
        catch (FormatException e)
        {
            throw new ArgumentException("A webhook secret is whsec_ followed by base64.", nameof(secret), e);
        }

        Tolerance = tolerance ?? TimeSpan.FromMinutes(5);
        _clock = clock ?? TimeProvider.System;
    }

    public TimeSpan Tolerance { get; }

    /// <summary>Verifies with the headers looked up by name (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>).</summary>
    public WebhookMessage Verify(Func<string, string?> header, string body)
    {
        ArgumentNullException.ThrowIfNull(header);
        return Verify(header("webhook-id"), header("webhook-timestamp"), header("webhook-signature"), body);
    }

    /// <summary>The delivery's change, once its signature and timestamp check out; else <see cref="WebhookVerificationException"/>.</summary>
    public WebhookMessage Verify(string? webhookId, string? webhookTimestamp, string? webhookSignature, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Verify(webhookId, webhookTimestamp, webhookSignature, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>As <see cref="Verify(string?, string?, string?, string)"/>, on the body's bytes as received.</summary>
    public WebhookMessage Verify(string? webhookId, string? webhookTimestamp, string? webhookSignature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(webhookTimestamp) || string.IsNullOrEmpty(webhookSignature))
        {
            throw new WebhookVerificationException("The webhook-id, webhook-timestamp and webhook-signature headers are required.");
        }

        if (!long.TryParse(webhookTimestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new WebhookVerificationException("webhook-timestamp is not a Unix time in seconds.");
        }

        var sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((_clock.GetUtcNow() - sentAt).Duration() > Tolerance)
        {
            throw new WebhookVerificationException($"webhook-timestamp {sentAt:O} is more than {Tolerance} from now.");
        }

        if (!Signed(webhookId, webhookTimestamp, webhookSignature, body))
        {
            throw new WebhookVerificationException("No signature in webhook-signature matches the body.");
        }

        return new WebhookMessage(webhookId, sentAt, Parse(body));
    }

    private bool Signed(string id, string timestamp, string signatures, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var expected = HMACSHA256.HashData(_key, signed);

        var matched = false;
        Span<byte> given = stackalloc byte[64];
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = candidate.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || candidate[..comma] != SignatureVersion
                || !Convert.TryFromBase64String(candidate[(comma + 1)..], given, out var length))
            {
                continue;
            }

            // Every candidate is compared, and each in constant time: timing tells nothing about which bytes matched.
            matched |= CryptographicOperations.FixedTimeEquals(given[..length], expected);
        }

        return matched;
    }

    /// <summary>The Standard Webhooks payload (<c>type</c>, <c>timestamp</c>, <c>data</c>: the change as the feed gives it).</summary>
    private static ChangeDocument Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var data = root.GetProperty("data");
            return new ChangeDocument(
                data.GetProperty("cursor").GetInt64(),
                root.GetProperty("type").GetString()!,
                data.GetProperty("shopId").GetString()!,
                data.GetProperty("orderId").GetString()!,
                data.TryGetProperty("refundId", out var refundId) ? refundId.GetString() : null,
                data.GetProperty("version").GetInt32(),
                data.GetProperty("at").GetDateTimeOffset(),
                data.GetProperty("view").Clone());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new WebhookVerificationException("The signed body is not a change message.", e);
        }
    }
}
