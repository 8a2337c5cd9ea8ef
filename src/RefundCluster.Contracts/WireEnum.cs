using System.Collections.Frozen;
using System.Text.Json;

namespace RefundCluster.Contracts;

/// <summary>An enum's names as the wire writes them (snake_case, as <see cref="WireJson"/>), for query strings.</summary>
public static class WireEnum<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<string, T> ByName =
        Enum.GetValues<T>().ToFrozenDictionary(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()), StringComparer.Ordinal);

    /// <summary>Every name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<T>().Select(Name)];

    public static string Name(T value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static bool TryParse(string name, out T value) => ByName.TryGetValue(name, out value);
}
