using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using RefundCluster.Contracts.Views;
using RefundCluster.Domain.Common;

namespace RefundCluster.Silo.Api;

/// <summary>
/// Bounds on every value a client controls, checked on the parsed object before anything is applied: texts, counts,
/// durations, timestamps, list lengths and negative-zero money. It walks every property, so a field added to an event or to the
/// policy is covered without anyone remembering to add a check. (Ids have their own pattern: <see cref="EventParser"/>.)
/// </summary>
public static class InputLimits
{
    public const int MaxTextLength = 512;
    public const int MaxListLength = 200;
    public const long MaxWholeNumber = 1_000_000;
    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(400);
    public static readonly DateTimeOffset EarliestTimestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of the server's real clock an integrator's timestamp may be (clock skew).</summary>
    public static readonly TimeSpan LatestTimestampAhead = TimeSpan.FromDays(1);

    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string JsonName)[]> Properties = new();

    /// <summary>
    /// A value out of bounds, found deep in the object: the error is made once the walk is back at the top and knows
    /// the field's path, so that a valid event (the usual case, on the hot path) builds no path strings at all.
    /// </summary>
    private sealed class Breach(Func<string, EventError> describe)
    {
        /// <summary>The path's segments, innermost first.</summary>
        public List<string> Segments { get; } = [];

        public EventError At(string root) => describe(root + string.Concat(Enumerable.Reverse(Segments)));
    }

    /// <summary>The first value out of bounds, or null.</summary>
    public static EventError? Check(object value, DateTimeOffset now) => Walk(value, now)?.At("$");

    private static Breach? Walk(object? value, DateTimeOffset now) => value switch
    {
        null or bool or Enum or TimeOnly => null,
        string text => CheckText(text),
        decimal money => CheckMoney(money),
        int or long or short => CheckWholeNumber(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        double or float => CheckReal(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
        TimeSpan duration => duration < TimeSpan.Zero || duration > MaxDuration
            ? OutOfRange($"a duration from 0 to {MaxDuration.TotalDays:N0} days") : null,
        DateTimeOffset at => at < EarliestTimestamp || at > now + LatestTimestampAhead
            ? new Breach(path => EventError.Of(ErrorCatalogue.RequestTimestampOutOfRange, $"Field '{path}' must be a time between {EarliestTimestamp:yyyy-MM-dd} and one day from now."))
            : null,
        IEnumerable list => WalkList(list, now),
        _ => WalkObject(value, now),
    };

    private static Breach? WalkList(IEnumerable list, DateTimeOffset now)
    {
        var index = 0;
        foreach (var item in list)
        {
            if (index == MaxListLength)
            {
                return new Breach(path => EventError.Of(ErrorCatalogue.RequestListTooLong, $"Field '{path}' holds at most {MaxListLength} items."));
            }

            var breach = item is null ? new Breach(path => ApiErrors.InvalidField(path, "a list holds no nulls.")) : Walk(item, now);
            if (breach is not null)
            {
                breach.Segments.Add($"[{index}]");
                return breach;
            }

            index++;
        }

        return null;
    }

    private static Breach? WalkObject(object value, DateTimeOffset now)
    {
        foreach (var (property, jsonName) in Properties.GetOrAdd(value.GetType(), Readable))
        {
            if (Walk(property.GetValue(value), now) is { } breach)
            {
                breach.Segments.Add("." + jsonName);
                return breach;
            }
        }

        return null;
    }

    /// <summary>What a client can set: the readable properties, less those the API fills in itself ([JsonIgnore]).</summary>
    private static (PropertyInfo, string)[] Readable(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null)
            .Select(p => (p, JsonNamingPolicy.CamelCase.ConvertName(p.Name)))];

    private static Breach? CheckText(string text)
    {
        if (text.Length > MaxTextLength)
        {
            return new Breach(path => EventError.Of(ErrorCatalogue.RequestTextTooLong, $"Field '{path}' holds at most {MaxTextLength} characters; it has {text.Length}."));
        }

        // Control characters and lone surrogates have no business in an address or a reason, and break logs and pages.
        return text.Any(char.IsControl) || !IsWellFormed(text)
            ? new Breach(path => EventError.Of(ErrorCatalogue.RequestInvalidText, $"Field '{path}' contains a control character or broken Unicode."))
            : null;
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Money's sign, ceiling and two decimals are the domain's rules, with their own codes (<c>amount.*</c>); what is
    /// left here is the trick they let through: a negative zero, which would be stored and shown as "-0".
    /// </summary>
    private static Breach? CheckMoney(decimal money) =>
        money == 0 && decimal.IsNegative(money)
            ? new Breach(path => EventError.Of(ErrorCatalogue.RequestNegativeZero, $"Field '{path}' is a negative zero; send 0."))
            : null;

    private static Breach? CheckWholeNumber(long number) =>
        Math.Abs(number) > MaxWholeNumber ? OutOfRange($"a number from -{MaxWholeNumber:N0} to {MaxWholeNumber:N0}") : null;

    private static Breach? CheckReal(double number) =>
        !double.IsFinite(number) || Math.Abs(number) > MaxWholeNumber ? OutOfRange($"a finite number up to {MaxWholeNumber:N0}") : null;

    private static Breach OutOfRange(string expected) =>
        new(path => EventError.Of(ErrorCatalogue.RequestNumberOutOfRange, $"Field '{path}' must be {expected}."));
}
