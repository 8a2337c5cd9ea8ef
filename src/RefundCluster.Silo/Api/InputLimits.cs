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

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    /// <summary>The first value out of bounds, or null.</summary>
    public static EventError? Check(object value, DateTimeOffset now) => Walk(value, "$", now);

    private static EventError? Walk(object? value, string path, DateTimeOffset now) => value switch
    {
        null or bool or Enum or TimeOnly => null,
        string text => CheckText(text, path),
        decimal money => CheckMoney(money, path),
        int or long or short => CheckWholeNumber(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), path),
        double or float => CheckReal(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), path),
        TimeSpan duration => duration < TimeSpan.Zero || duration > MaxDuration
            ? OutOfRange(path, $"a duration from 0 to {MaxDuration.TotalDays:N0} days") : null,
        DateTimeOffset at => at < EarliestTimestamp || at > now + LatestTimestampAhead
            ? new EventError("request.timestamp_out_of_range", ErrorKind.Validation,
                $"Field '{path}' must be a time between {EarliestTimestamp:yyyy-MM-dd} and one day from now.")
            : null,
        IEnumerable list => WalkList(list, path, now),
        _ => WalkObject(value, path, now),
    };

    private static EventError? WalkList(IEnumerable list, string path, DateTimeOffset now)
    {
        var index = 0;
        foreach (var item in list)
        {
            if (index == MaxListLength)
            {
                return new EventError("request.list_too_long", ErrorKind.Validation, $"Field '{path}' holds at most {MaxListLength} items.");
            }

            if (item is null)
            {
                return ApiErrors.InvalidField($"{path}[{index}]", "a list holds no nulls.");
            }

            if (Walk(item, $"{path}[{index}]", now) is { } error)
            {
                return error;
            }

            index++;
        }

        return null;
    }

    private static EventError? WalkObject(object value, string path, DateTimeOffset now)
    {
        foreach (var property in Properties.GetOrAdd(value.GetType(), Readable))
        {
            if (Walk(property.GetValue(value), $"{path}.{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}", now) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>What a client can set: the readable properties, less those the API fills in itself ([JsonIgnore]).</summary>
    private static PropertyInfo[] Readable(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null)];

    private static EventError? CheckText(string text, string path)
    {
        if (text.Length > MaxTextLength)
        {
            return new EventError("request.text_too_long", ErrorKind.Validation, $"Field '{path}' holds at most {MaxTextLength} characters; it has {text.Length}.");
        }

        // Control characters and lone surrogates have no business in an address or a reason, and break logs and pages.
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) && !IsWellFormed(text))
            {
                return new EventError("request.invalid_text", ErrorKind.Validation, $"Field '{path}' contains a control character or broken Unicode.");
            }
        }

        return null;
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
    private static EventError? CheckMoney(decimal money, string path) =>
        money == 0 && decimal.IsNegative(money)
            ? new EventError("request.negative_zero", ErrorKind.Validation, $"Field '{path}' is a negative zero; send 0.")
            : null;

    private static EventError? CheckWholeNumber(long number, string path) =>
        Math.Abs(number) > MaxWholeNumber ? OutOfRange(path, $"a number from -{MaxWholeNumber:N0} to {MaxWholeNumber:N0}") : null;

    private static EventError? CheckReal(double number, string path) =>
        !double.IsFinite(number) || Math.Abs(number) > MaxWholeNumber ? OutOfRange(path, $"a finite number up to {MaxWholeNumber:N0}") : null;

    private static EventError OutOfRange(string path, string expected) =>
        new("request.number_out_of_range", ErrorKind.Validation, $"Field '{path}' must be {expected}.");
}
