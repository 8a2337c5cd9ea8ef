using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RefundCluster.Silo.Api;

/// <summary>
/// A Server-Sent Events response is documented as <c>text/event-stream</c> of bytes, its events' data named in the
/// description: generators then hand the caller the open stream (NSwag's <c>FileResponse</c>, Kiota's <c>Stream</c>)
/// rather than reading an endless body as one JSON document.
/// </summary>
public static class EventStreamSchema
{
    public const string ContentType = "text/event-stream";

    public static async Task Transform(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancel)
    {
        foreach (var response in operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>())
        {
            if (response.Content?.TryGetValue(ContentType, out var stream) != true || stream!.Schema is not OpenApiSchemaReference { Reference.Id: { } data })
            {
                continue;
            }

            stream.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = "binary",
                Description = $"Server-Sent Events; each event's data is a {data} (#/components/schemas/{data}).",
            };
            // Keep the data's schema among the components, though no response names it any more.
            var type = context.Description.SupportedResponseTypes.Single(r => r.ApiResponseFormats.Any(f => f.MediaType == ContentType)).Type!;
            context.Document!.AddComponent(data, await context.GetOrCreateSchemaAsync(type, cancellationToken: cancel));
        }
    }
}
