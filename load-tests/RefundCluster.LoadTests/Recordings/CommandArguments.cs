using System.Globalization;

namespace RefundCluster.LoadTests.Recordings;

/// <summary>What the recording and what-if commands share in reading their arguments.</summary>
internal static class CommandArguments
{
    /// <summary>An ISO 8601 time, UTC unless it says otherwise (as the recording endpoint reads from and to).</summary>
    public static DateTimeOffset Time(string option, string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : throw new ArgumentException($"{option}: '{value}' is not an ISO 8601 time (e.g. 2026-12-01T00:00:00Z)");

    /// <summary>The value after option <paramref name="i"/>, moving past it.</summary>
    public static string Value(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
}
