using System.Text.Json;
using System.Text.RegularExpressions;
using RefundCluster.Contracts.Views;

namespace RefundCluster.Silo.Api;

/// <summary>Turns a deserialization failure into the stable code that says what the client got wrong.</summary>
public static partial class JsonErrors
{
    public static EventError Describe(JsonException ex)
    {
        var path = ex.Path ?? "$";
        var message = ex.Message;
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var missing = MissingPropertyPattern().Match(message);
            return ApiErrors.FieldRequired(missing.Success ? missing.Groups[1].Value : path);
        }

        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            return ApiErrors.UnknownField(path);
        }

        return ApiErrors.InvalidField(path, FirstSentence(message));
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    [GeneratedRegex("missing required properties including: '([^']+)'")]
    private static partial Regex MissingPropertyPattern();
}
