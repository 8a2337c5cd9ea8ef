using System.Globalization;
using System.Text.Json;

namespace RefundCluster.Client;

/// <summary>Query-string values as the API spells them: enums in snake_case, times in ISO 8601.</summary>
internal static class WireNames
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static string Of(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
