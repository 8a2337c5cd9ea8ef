using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Query parameters bound as text but taking a fixed set of names, documented as enums: <c>window</c> (a metrics window)
/// and the leaderboard's <c>sort</c>. A <c>sort</c> bound to <c>ListSort</c> is an enum already.
/// </summary>
public static class QueryEnums
{
    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancel)
    {
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is not OpenApiParameter { In: ParameterLocation.Query } query || query.Schema is not OpenApiSchema schema
                || schema.Type is not JsonSchemaType.String)
            {
                continue;
            }

            IEnumerable<string>? names = query.Name switch
            {
                "window" => MetricWindows.All.Select(w => w.Name()),
                "sort" => MetricsDocuments.SortNames,
                _ => null,
            };
            if (names is not null)
            {
                schema.Enum = [.. names.Select(n => (JsonNode)JsonValue.Create(n))];
            }
        }

        return Task.CompletedTask;
    }
}
