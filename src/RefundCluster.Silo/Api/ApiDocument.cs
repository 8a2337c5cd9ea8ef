using Microsoft.AspNetCore.OpenApi;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>The OpenAPI document (<c>/openapi/v1.json</c>) as clients are generated from it.</summary>
public static class ApiDocument
{
    public static void Describe(OpenApiOptions options)
    {
        ApiKeyOpenApi.Describe(options);
        options.AddSchemaTransformer(MoneySchema.Transform);
        options.AddSchemaTransformer(EnumSchema.Transform);
        options.AddOperationTransformer(QueryEnums.Transform);
        options.AddOperationTransformer(EventStreamSchema.Transform);
        options.AddDocumentTransformer(EventUnionSchema.Transform);
        options.AddDocumentTransformer(ProblemSchema.Transform);
        options.AddDocumentTransformer(CommonRefusals.Transform);
    }
}
