using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RefundCluster.Silo.Api;

/// <summary>Money is <c>decimal</c> end to end: documented as <c>number</c> with format <c>decimal</c>, so generators keep it exact.</summary>
public static class MoneySchema
{
    public const string Format = "decimal";

    public static Task Transform(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancel)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(decimal) || type == typeof(decimal?))
        {
            schema.Type = (schema.Type ?? 0) & JsonSchemaType.Null | JsonSchemaType.Number;
            schema.Format = Format;
            schema.Pattern = null;
        }

        return Task.CompletedTask;
    }
}
