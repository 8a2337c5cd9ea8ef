using System.Text.Json;
using RefundCluster.Contracts;

namespace RefundCluster.Silo.Api;

/// <summary>The wire format (<see cref="WireJson"/>), as the API's JSON options take it.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options) => WireJson.Configure(options);

    public static JsonSerializerOptions Create() => WireJson.Create();
}
