using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RefundCluster.LoadTests.Reporting;

/// <summary>
/// The machine-readable report: the whole <see cref="RunReport"/> as camelCase, indented JSON. Durations are seconds
/// (a number), latencies milliseconds; <c>passed</c> comes first in every object that has one.
/// </summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // A NaN from an empty histogram must not fail the whole report.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // The file is read by people and tools, not embedded in HTML: keep ✓, accents and '<' as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new SecondsConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { PassedFirst } },
    };

    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options);
    }

    private static void PassedFirst(JsonTypeInfo info)
    {
        foreach (var property in info.Properties)
        {
            if (property.Name == "passed")
            {
                property.Order = -1;
            }
        }
    }

    /// <summary>A <see cref="TimeSpan"/> as a number of seconds.</summary>
    private sealed class SecondsConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            TimeSpan.FromSeconds(reader.GetDouble());

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value.TotalSeconds);
    }
}
