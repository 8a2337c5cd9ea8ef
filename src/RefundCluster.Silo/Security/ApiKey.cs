using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace RefundCluster.Silo.Security;

/// <summary>
/// API keys look like <c>rck.{id}.{secret}</c>: the id finds the stored credential, the secret (32 random bytes) proves
/// it. Only the SHA-256 of the whole key is stored. A fast hash is enough here, unlike for passwords: the secret is
/// 256 random bits, so there is nothing to guess from the hash, and checking a key stays cheap on every request.
/// </summary>
public static partial class ApiKey
{
    public const string Prefix = "rck.";

    public static (string Key, string Hash) Generate(string id)
    {
        if (!IsValidId(id))
        {
            throw new ArgumentException($"A key id is 1–40 letters, digits or '-': '{id}'.", nameof(id));
        }

        var key = $"{Prefix}{id}.{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        return (key, Hash(key));
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Compares in constant time, so the answer's timing tells nothing about the stored hash.</summary>
    public static bool Matches(string key, string storedHash)
    {
        var actual = Encoding.ASCII.GetBytes(Hash(key));
        var expected = Encoding.ASCII.GetBytes(storedHash.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>The id part of a well-formed key; false for anything else (never throws on hostile input).</summary>
    public static bool TryGetId(string? key, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (key is null || key.Length > 200 || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key.AsSpan(Prefix.Length);
        var dot = rest.IndexOf('.');
        if (dot <= 0 || dot == rest.Length - 1)
        {
            return false;
        }

        var candidate = rest[..dot].ToString();
        if (!IsValidId(candidate))
        {
            return false;
        }

        id = candidate;
        return true;
    }

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,40}\z")]
    private static partial Regex IdPattern();
}
