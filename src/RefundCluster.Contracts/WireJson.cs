using System.Text.Json;
using System.Text.Json.Serialization;

namespace RefundCluster.Contracts;

/// <summary>
/// The wire format of the HTTP API, in one place for everything that writes it (the API, and the change log that
/// stores entity views as the API would answer them): camelCase fields, snake_case enum names, and strictness about
/// what clients send.
/// </summary>
public static class WireJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        // A misspelt field is an integration bug: refuse it rather than silently ignore it.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        // A number is a JSON number: "12.50" in quotes is refused, and the OpenAPI document says number, not number-or-string.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowOutOfOrderMetadataProperties = true;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.MaxDepth = 16;
    }

    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }

    /// <summary>A shared, read-only instance for writing.</summary>
    public static JsonSerializerOptions Shared { get; } = CreateShared();

    private static JsonSerializerOptions CreateShared()
    {
        var options = Create();
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
