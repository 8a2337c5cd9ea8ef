using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;

namespace RefundCluster.Silo.Api;

/// <summary>
/// The event union as generators can use it: <c>IntegratorEvent</c> holds the fields every event has and the
/// <c>kind</c> discriminator with its mapping (the one place a kind's name is tied to its schema); each kind's schema,
/// named after its type, is <c>allOf</c> that base plus its own fields, with an example (<see cref="EventExamples"/>).
/// </summary>
/// <remarks>
/// Not <c>oneOf</c>: NSwag makes an empty class of a <c>oneOf</c> (or <c>anyOf</c>) component, takes an inline one as
/// its first member, and fails on one whose members derive from it (NJsonSchema issue 13). A discriminated base with
/// <c>allOf</c> members is the other form OpenAPI gives the discriminator, and NSwag and Kiota both make a class
/// hierarchy of it that sends and reads every kind. Members do not declare <c>kind</c> again: NSwag would emit it beside
/// the discriminator its converter writes, a duplicate the API refuses.
/// </remarks>
public static class EventUnionSchema
{
    public const string BaseId = nameof(IntegratorEvent);
    public const string Discriminator = "kind";

    public static Task Transform(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancel)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null || !schemas.TryGetValue(BaseId, out var found) || found is not OpenApiSchema union)
        {
            return Task.CompletedTask;
        }

        // The generated members, by kind: 'IntegratorEvent' + the type's name.
        var members = EventExamples.Kinds.ToDictionary(k => k.Key, k => (OpenApiSchema)schemas[BaseId + k.Value.Name], StringComparer.Ordinal);
        var common = members.Values.Select(m => m.Properties!.Keys).Aggregate((a, b) => [.. a.Intersect(b)]).ToHashSet(StringComparer.Ordinal);
        common.Remove(Discriminator);
        var commonRequired = members.Values.Select(m => (IEnumerable<string>)(m.Required ?? new HashSet<string>()))
            .Aggregate((a, b) => [.. a.Intersect(b)]).ToHashSet(StringComparer.Ordinal);
        var first = members.Values.First();

        union.AnyOf = null;
        union.OneOf = null;
        union.Type = JsonSchemaType.Object;
        union.Description = "An event an integrator sends; 'kind' names it. Resending an eventId is safe: the first answer is replayed.";
        union.Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            [Discriminator] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The event's kind, which names its schema (see the discriminator's mapping).",
                Enum = [.. EventExamples.Kinds.Keys.Select(k => (JsonNode)JsonValue.Create(k))],
            },
        };
        foreach (var name in common)
        {
            union.Properties[name] = first.Properties![name];
        }

        union.Required = new HashSet<string>(StringComparer.Ordinal) { Discriminator };
        union.Required.UnionWith(commonRequired.Where(common.Contains));
        union.Discriminator = new OpenApiDiscriminator
        {
            PropertyName = Discriminator,
            Mapping = new OrderedDictionary<string, OpenApiSchemaReference>(
                EventExamples.Kinds.Select(k => KeyValuePair.Create(k.Key, new OpenApiSchemaReference(k.Value.Name, document))), StringComparer.Ordinal),
        };

        foreach (var (kind, type) in EventExamples.Kinds)
        {
            var member = members[kind];
            schemas.Remove(BaseId + type.Name);
            var own = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = $"kind: {kind}",
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal),
                Required = new HashSet<string>(StringComparer.Ordinal),
            };
            foreach (var (name, property) in member.Properties!.Where(p => p.Key != Discriminator && !common.Contains(p.Key)))
            {
                own.Properties[name] = property;
            }

            own.Required.UnionWith((member.Required ?? new HashSet<string>()).Where(r => r != Discriminator && !common.Contains(r)));
            schemas[type.Name] = new OpenApiSchema
            {
                AllOf = [new OpenApiSchemaReference(BaseId, document), own],
                Examples = [Example(EventExamples.Of(type))],
            };
        }

        AddRequestExamples(document);
        return Task.CompletedTask;
    }

    /// <summary>Every kind's example on each body that takes one event, for API explorers to offer.</summary>
    private static void AddRequestExamples(OpenApiDocument document)
    {
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            if (operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true
                && body.Schema is OpenApiSchemaReference { Reference.Id: BaseId })
            {
                body.Examples = new OrderedDictionary<string, IOpenApiExample>(EventExamples.Kinds.Select(k => KeyValuePair.Create(
                    k.Key, (IOpenApiExample)new OpenApiExample { Summary = k.Key, Value = Example(EventExamples.Of(k.Value)) })), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>An event as it goes on the wire.</summary>
    public static JsonNode Example(IntegratorEvent e) => JsonSerializer.SerializeToNode(e, WireJson.Shared)!;
}
