namespace RefundCluster.Api.Tests.Infrastructure;

public static class JsonExtensions
{
    public static string? Str(this JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static decimal Dec(this JsonElement element, string property) => element.GetProperty(property).GetDecimal();

    public static int Int(this JsonElement element, string property) => element.GetProperty(property).GetInt32();

    public static IReadOnlyList<string> Strings(this JsonElement array, string property) =>
        [.. array.EnumerateArray().Select(e => e.Str(property) ?? "")];

    /// <summary>The actions of a refund's or order's history, in order.</summary>
    public static IReadOnlyList<string> HistoryActions(this JsonElement entity) => entity.GetProperty("history").Strings("action");
}
