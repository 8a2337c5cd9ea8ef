using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RefundCluster.Silo.Api;

/// <summary>
/// A list as a CSV file (<c>format=csv</c>): one column per property of the list's item in the API's JSON (same names,
/// same wire values, so a row says what the JSON item says), one row per item. A text cell that a spreadsheet would
/// run as a formula (starting with = + - @) is prefixed with an apostrophe.
/// </summary>
public static class CsvExport
{
    /// <summary>The most rows one export holds; past it the file says where to go on (<see cref="NextHeader"/>).</summary>
    public const int MaxRows = 50_000;

    /// <summary>Set when an export stopped at <see cref="MaxRows"/>: the cursor to pass as <c>after</c> for the rest.</summary>
    public const string NextHeader = "X-Export-Next";

    public static string Render<T>(IEnumerable<T> items, JsonSerializerOptions json)
    {
        var columns = json.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name).ToList();
        var csv = new StringBuilder(string.Join(',', columns.Select(Quote))).Append("\r\n");
        foreach (var item in items)
        {
            var element = JsonSerializer.SerializeToElement(item, json);
            csv.AppendJoin(',', columns.Select(c => Cell(element.TryGetProperty(c, out var value) ? value : default))).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Quote(Defused(value.GetString()!)),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object or JsonValueKind.Array => Quote(value.GetRawText()),
        _ => "",
    };

    private static string Defused(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? "'" + text : text;

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    /// <summary>The file's name for a download: the list and its shop.</summary>
    public static string FileName(string list, string shopId) =>
        string.Create(CultureInfo.InvariantCulture, $"{list}-{shopId}.csv");
}
