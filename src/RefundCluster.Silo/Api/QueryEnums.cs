using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Query parameters bound as text that take a fixed set of names (<c>window</c>, the leaderboard's and the lists'
/// <c>sort</c>): each endpoint declares its names, and the document gives them as the parameter's enum.
/// </summary>
public static class QueryEnums
{
    /// <summary>Declares that <paramref name="parameter"/> takes one of <paramref name="names"/>.</summary>
    public static TBuilder WithQueryEnum<TBuilder>(this TBuilder builder, string parameter, IReadOnlyList<string> names)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new QueryEnum(parameter, names));

    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancel)
    {
        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryEnum>().ToDictionary(q => q.Parameter, StringComparer.Ordinal);
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { In: ParameterLocation.Query, Name: { } name, Schema: OpenApiSchema schema }
                && declared.TryGetValue(name, out var names))
            {
                schema.Enum = [.. names.Names.Select(n => (JsonNode)JsonValue.Create(n))];
            }
        }

        return Task.CompletedTask;
    }
}
