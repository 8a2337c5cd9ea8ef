using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RefundCluster.Domain.Common;

namespace RefundCluster.Silo.Api;

/// <summary>
/// The problem body every refusal carries (<see cref="Problems"/>): RFC 9457's fields plus <c>code</c> (an
/// <c>ErrorCode</c>, the catalogue's codes as an enum), <c>eventId</c> (when the refused request named one) and
/// <c>traceId</c>. Batch items' problems take the same <c>ErrorCode</c>.
/// </summary>
public static class ProblemSchema
{
    public const string Id = "ProblemDetails";
    public const string CodeId = "ErrorCode";
    public const string ItemId = nameof(BatchItemProblem);

    public static Task Transform(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancel)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        var schemas = document.Components.Schemas;
        schemas[CodeId] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "A stable error code (docs/errors.md); integrators branch on it. New codes may be added.",
            Enum = [.. ErrorCatalogue.All.Select(c => (JsonNode)JsonValue.Create(c.Code))],
        };

        schemas[Id] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "application/problem+json (RFC 9457) with the refusal's stable code.",
            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
            {
                ["type"] = Text("A URI naming the code: https://refundcluster.dev/errors/{code}."),
                ["title"] = Text("The code again, for people."),
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
                ["detail"] = Text("What went wrong in this case."),
                ["instance"] = Text("The request path, when given."),
                ["code"] = new OpenApiSchemaReference(CodeId, document),
                ["eventId"] = Text("The refused event's eventId, when the request named one."),
                ["traceId"] = Text("The request's trace id, to quote when asking about it."),
            },
            Required = new HashSet<string>(StringComparer.Ordinal) { "type", "title", "status" },
        };

        if (schemas.TryGetValue(ItemId, out var item) && item is OpenApiSchema { Properties: { } properties })
        {
            properties["code"] = new OpenApiSchemaReference(CodeId, document);
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
