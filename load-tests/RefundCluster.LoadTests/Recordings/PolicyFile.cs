using System.Text.Json;
using RefundCluster.Contracts;
using RefundCluster.Domain.Policies;

namespace RefundCluster.LoadTests.Recordings;

/// <summary>
/// A shop policy from a file: the body of <c>PUT /v1/shops/{shopId}/policy</c> (a <see cref="ShopPolicy"/>; omitted
/// fields take the platform default), or what <c>GET /v1/shops/{shopId}/policy</c> answers (<c>{"policy": {...}}</c>).
/// Read as the API reads it (<see cref="WireJson"/>: a misspelt field is refused) and checked as the API checks it.
/// </summary>
public static class PolicyFile
{
    /// <param name="option">The option that named the file, for the message.</param>
    public static ShopPolicy Load(string path, string option)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{option} {path}: {e.Message}", e);
        }

        return Parse(text, $"{option} {path}");
    }

    public static ShopPolicy Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var element = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("policy", out var inner) && inner.ValueKind == JsonValueKind.Object
                ? inner
                : root;
            var policy = element.Deserialize<ShopPolicy>(WireJson.Shared) ?? throw new ArgumentException($"{source}: the policy is null");
            return ShopPolicyValidator.Validate(policy) is { } error ? throw new ArgumentException($"{source}: {error.Message}") : policy;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"{source}: not a shop policy ({e.Message})", e);
        }
    }
}
