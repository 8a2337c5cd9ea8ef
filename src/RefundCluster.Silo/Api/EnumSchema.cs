using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Enums travel as their snake_case names (<see cref="Contracts.WireJson"/>): their schemas say <c>type: string</c>, so that
/// generators write names, not numbers (NSwag writes numbers for an enum schema without a type).
/// </summary>
public static class EnumSchema
{
    public static Task Transform(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancel)
    {
        var type = context.JsonTypeInfo.Type;
        if ((Nullable.GetUnderlyingType(type) ?? type).IsEnum && schema.Enum is { Count: > 0 })
        {
            schema.Type = (schema.Type ?? 0) & JsonSchemaType.Null | JsonSchemaType.String;
        }

        return Task.CompletedTask;
    }
}
