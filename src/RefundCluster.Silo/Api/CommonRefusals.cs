using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RefundCluster.Silo.Api;

/// <summary>
/// The refusals any operation may give, whoever maps it: 401 (no key or a bad one), 403 (the key's roles do not allow
/// it) and 429 (over the key's rate), each a problem. Declared on every operation, so that generated clients raise a
/// typed problem for them too.
/// </summary>
public static class CommonRefusals
{
    private static readonly (string Status, string Description)[] Refusals =
    [
        ("401", "auth.required or auth.invalid_key: no API key, or one that is unknown, malformed or revoked."),
        ("403", "auth.forbidden: the key's roles do not allow this request."),
        ("429", "auth.rate_limited: the key sent more requests than its rate allows; retry after Retry-After."),
    ];

    public static Task Transform(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancel)
    {
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            operation.Responses ??= [];
            foreach (var (status, description) in Refusals)
            {
                operation.Responses.TryAdd(status, new OpenApiResponse
                {
                    Description = description,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema.Id, document) },
                    },
                });
            }
        }

        return Task.CompletedTask;
    }
}
