using System.Text.Json;
using System.Text.Json.Serialization;
using RefundCluster.Contracts;

namespace RefundCluster.Client;

/// <summary>
/// The client's JSON: events are written exactly as the server reads them (<see cref="WireJson"/>); answers are read the
/// same way except that a field the client does not know yet is skipped, so a newer server does not break an older client.
/// Money is <see cref="decimal"/> both ways, never through a double.
/// </summary>
public static class ClientJson
{
    public static JsonSerializerOptions Write => WireJson.Shared;

    public static JsonSerializerOptions Read { get; } = CreateRead();

    private static JsonSerializerOptions CreateRead()
    {
        var options = WireJson.Create();
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
