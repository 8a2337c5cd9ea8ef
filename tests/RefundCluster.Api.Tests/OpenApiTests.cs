using RefundCluster.Contracts;
using RefundCluster.Domain.Common;
using RefundCluster.Silo.Api;

namespace RefundCluster.Api.Tests;

public sealed class OpenApiTests(ClusterHost host)
{
    [Fact]
    public async Task OpenApi_document_describes_the_endpoints()
    {
        var response = await host.Api.Get("openapi/v1.json");

        ApiAssert.Ok(response);
        Assert.Equal("application/json", response.ContentType);
        var document = response.Json;
        Assert.StartsWith("3.", document.Str("openapi"));
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v1/events", paths);
        Assert.Contains("/v1/events/batch", paths);
        Assert.Contains("/v1/orders/{orderId}", paths);
        Assert.Contains("/v1/refunds/{refundId}", paths);
        Assert.Contains("/v1/shops/{shopId}/policy", paths);
        Assert.True(document.GetProperty("paths").GetProperty("/v1/events").TryGetProperty("post", out _));
        // Clients generated from it send the key.
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.Str("type"));
        Assert.Equal("header", scheme.Str("in"));
        Assert.Equal("X-Api-Key", scheme.Str("name"));
        Assert.True(document.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
        // Every event kind a client may send is named in it, the newest included.
        foreach (var kind in new[] { "refund.message", "appeal.decided", "replacement.received", "exchange.converted_to_refund", "refund.requested" })
        {
            Assert.Contains($"\"{kind}\"", response.Body);
        }

        Assert.Contains("\"refundVersion\"", response.Body);
        Assert.Contains("\"lineId\"", response.Body);
    }

    [Fact]
    public async Task The_event_union_is_a_discriminated_hierarchy_with_an_example_of_every_kind()
    {
        var document = await Document();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var union = schemas.GetProperty("IntegratorEvent");
        Assert.False(union.TryGetProperty("anyOf", out _));
        Assert.Equal("kind", union.GetProperty("discriminator").Str("propertyName"));
        Assert.Contains("kind", union.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var mapping = union.GetProperty("discriminator").GetProperty("mapping").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetString());
        Assert.Equal(EventExamples.Kinds.Keys.Order(), mapping.Keys.Order());
        var requestExamples = document.GetProperty("paths").GetProperty("/v1/events").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("examples");
        foreach (var (kind, type) in EventExamples.Kinds)
        {
            Assert.Equal($"#/components/schemas/{type.Name}", mapping[kind]);
            var member = schemas.GetProperty(type.Name);
            Assert.Equal("#/components/schemas/IntegratorEvent", member.GetProperty("allOf")[0].Str("$ref"));
            Assert.Equal(kind, member.GetProperty("examples")[0].Str("kind"));
            Assert.Equal(kind, requestExamples.GetProperty(kind).GetProperty("value").Str("kind"));
        }
    }

    [Fact]
    public void Every_kind_has_one_example_and_every_example_is_a_valid_event()
    {
        Assert.Equal(EventExamples.Kinds.Values.Order(TypeComparer), EventExamples.All.Select(e => e.GetType()).Order(TypeComparer));
        foreach (var example in EventExamples.All)
        {
            using var json = JsonDocument.Parse(EventUnionSchema.Example(example).ToJsonString());
            var (parsed, _, error) = EventParser.Parse(json.RootElement, WireJson.Create(), DateTimeOffset.UtcNow);
            Assert.True(error is null, $"{example.GetType().Name}: {error}");
            Assert.Equal(EventUnionSchema.Example(example).ToJsonString(), EventUnionSchema.Example(parsed!).ToJsonString());
        }
    }

    [Fact]
    public async Task Money_is_decimal_and_no_value_is_number_or_string()
    {
        var document = await Document();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var (schema, property) in new[] { ("OrderPaidEvent", "paidAmount"), ("OrderLineDto", "unitPrice"), ("OrderView", "refundableAmount") })
        {
            var field = Properties(schemas.GetProperty(schema)).GetProperty(property);
            Assert.Equal("decimal", field.Str("format"));
            Assert.Equal("number", field.Str("type"));
        }

        // Every amount or price anywhere (events, views, batch answers) is a decimal; doubles are left to rates and averages.
        var money = Descendants(document).Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("properties", out _))
            .SelectMany(s => s.GetProperty("properties").EnumerateObject())
            .Where(p => p.Name.EndsWith("Amount", StringComparison.Ordinal) || p.Name.EndsWith("amount", StringComparison.Ordinal) || p.Name.EndsWith("Price", StringComparison.Ordinal))
            .ToList();
        Assert.True(money.Count > 10, $"only {money.Count} money fields found");
        Assert.All(money, p => Assert.True(p.Value.Str("format") == "decimal", $"{p.Name}: {p.Value}"));
        foreach (var schema in Descendants(document).Where(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array))
        {
            var types = schema.GetProperty("type").EnumerateArray().Select(t => t.GetString()).Where(t => t != "null").ToList();
            Assert.True(types.Count == 1, $"A schema takes {string.Join(" or ", types)}: {schema}");
        }
    }

    [Fact]
    public async Task Problems_carry_code_eventId_and_traceId_and_code_is_the_catalogue()
    {
        var document = await Document();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var problem = schemas.GetProperty("ProblemDetails").GetProperty("properties");
        foreach (var field in new[] { "type", "title", "status", "detail", "instance", "code", "eventId", "traceId" })
        {
            Assert.True(problem.TryGetProperty(field, out _), field);
        }

        Assert.Equal("#/components/schemas/ErrorCode", problem.GetProperty("code").Str("$ref"));
        Assert.Equal("#/components/schemas/ErrorCode", schemas.GetProperty("BatchItemProblem").GetProperty("properties").GetProperty("code").Str("$ref"));
        Assert.Equal(ErrorCatalogue.All.Select(c => c.Code), schemas.GetProperty("ErrorCode").GetProperty("enum").EnumerateArray().Select(c => c.GetString()));
        foreach (var operation in document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (Name: $"{o.Name} {p.Name}", o.Value))))
        {
            foreach (var status in new[] { "401", "403", "429" })
            {
                var refusal = operation.Value.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/problem+json");
                Assert.True(refusal.GetProperty("schema").Str("$ref") == "#/components/schemas/ProblemDetails", $"{operation.Name} {status}");
            }
        }
    }

    [Fact]
    public async Task Sort_and_window_are_enums_the_feed_is_an_event_stream_and_the_orleans_dashboard_is_left_out()
    {
        var document = await Document();
        var paths = document.GetProperty("paths");
        Assert.Equal(["5m", "1h", "24h", "30d"], QueryEnum(paths.GetProperty("/v1/shops/{shopId}/metrics").GetProperty("get"), "window", document));
        Assert.Equal(["5m", "1h", "24h", "30d"], QueryEnum(paths.GetProperty("/v1/shops/{shopId}/metrics/stream").GetProperty("get"), "window", document));
        Assert.Equal(MetricsDocuments.SortNames, QueryEnum(paths.GetProperty("/v1/metrics/shops").GetProperty("get"), "sort", document));
        Assert.Equal(["deadline", "modified"], QueryEnum(paths.GetProperty("/v1/shops/{shopId}/refunds").GetProperty("get"), "sort", document));
        Assert.Equal(["deadline", "modified"], QueryEnum(paths.GetProperty("/v1/shops/{shopId}/orders").GetProperty("get"), "sort", document));
        var stream = paths.GetProperty("/v1/shops/{shopId}/metrics/stream").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal(["text/event-stream"], stream.EnumerateObject().Select(c => c.Name));
        // Bytes, so that generated clients hand over the open stream; the events' data is still described.
        Assert.Equal("binary", stream.GetProperty("text/event-stream").GetProperty("schema").Str("format"));
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ShopFeedDocument", out _));
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/orleans-dashboard", StringComparison.Ordinal));
        foreach (var operation in paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject()))
        {
            var parameters = operation.Value.TryGetProperty("parameters", out var list) ? list.EnumerateArray().ToList() : [];
            foreach (var parameter in parameters)
            {
                if (parameter.Str("name") is "sort" or "window")
                {
                    Assert.True(QueryEnum(operation.Value, parameter.Str("name")!, document).Count > 0, $"{operation.Name}: {parameter}");
                }
            }
        }
    }

    private async Task<JsonElement> Document()
    {
        var response = await host.Api.Get("openapi/v1.json");
        ApiAssert.Ok(response);
        return response.Json;
    }

    /// <summary>A parameter's enum, inline or through a component.</summary>
    private static List<string> QueryEnum(JsonElement operation, string name, JsonElement? document = null)
    {
        var schema = operation.GetProperty("parameters").EnumerateArray().Single(p => p.Str("name") == name).GetProperty("schema");
        if (schema.Str("$ref") is { } reference && document is { } d)
        {
            schema = d.GetProperty("components").GetProperty("schemas").GetProperty(reference.Split('/')[^1]);
        }

        return schema.TryGetProperty("enum", out var values) ? [.. values.EnumerateArray().Select(v => v.GetString() ?? "")] : [];
    }

    /// <summary>A schema's properties, through <c>allOf</c>.</summary>
    private static JsonElement Properties(JsonElement schema) =>
        schema.TryGetProperty("properties", out var properties) ? properties : schema.GetProperty("allOf").EnumerateArray().Last().GetProperty("properties");

    private static IEnumerable<JsonElement> Descendants(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var descendant in children.SelectMany(Descendants))
        {
            yield return descendant;
        }
    }

    private static readonly Comparer<Type> TypeComparer = Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name));
}
