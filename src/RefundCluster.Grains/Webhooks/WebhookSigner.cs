using System.Security.Cryptography;
using System.Text;

namespace RefundCluster.Grains.Webhooks;

/// <summary>
/// The Standard Webhooks scheme (standardwebhooks.com): a secret <c>whsec_</c> + base64 key, and a signature
/// <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")), so any Standard Webhooks library
/// verifies what this cluster sends.
/// </summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key of a well-formed secret (24 to 64 bytes), or null.</summary>
    public static byte[]? KeyOf(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var key = new byte[96];
        return Convert.TryFromBase64String(secret[SecretPrefix.Length..], key, out var length) && length is >= 24 and <= 64 ? key[..length] : null;
    }

    public static string Sign(byte[] key, string messageId, long timestampSeconds, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestampSeconds}.{body}")));
}
