using System.Text.Json;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Silo.Api;

/// <summary>Reads a request body as a JSON document, so that unreadable JSON is told apart from a wrong field.</summary>
public static class JsonBody
{
    public static async Task<(JsonDocument? Document, EventError? Error)> Read(HttpContext context)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(context.Request.Body, new JsonDocumentOptions { MaxDepth = 16 }, context.RequestAborted);
            return (document, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiErrors.MalformedJson(ex.Message));
        }
    }
}
