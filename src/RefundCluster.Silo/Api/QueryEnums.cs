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
    /// <summary>Declares that <paramref name="parameter"/> takes one of <paramref name="names"/>, the enum <paramref name="schemaId"/>.</summary>
    public static TBuilder WithQueryEnum<TBuilder>(this TBuilder builder, string parameter, string schemaId, IReadOnlyList<string> names)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new QueryEnum(parameter, schemaId, names));

    public static Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancel)
    {
        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<QueryEnum>().ToDictionary(q => q.Parameter, StringComparer.Ordinal);
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { In: ParameterLocation.Query, Name: { } name } query && declared.TryGetValue(name, out var names))
            {
                var document = context.Document!;
                if (document.Components?.Schemas?.ContainsKey(names.SchemaId) != true)
                {
                    document.AddComponent(names.SchemaId, new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = [.. names.Names.Select(n => (JsonNode)JsonValue.Create(n))],
                    });
                }

                query.Schema = new OpenApiSchemaReference(names.SchemaId, document);
            }
        }

        return Task.CompletedTask;
    }
}
