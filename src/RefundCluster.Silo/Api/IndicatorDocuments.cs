using RefundCluster.Domain.Metrics;

namespace RefundCluster.Silo.Api;

/// <summary>One row of the indicator table as the API lists it (<c>GET /v1/indicators</c>).</summary>
public sealed record IndicatorDocument(
    string Name, string Zh, string En, string Numerator, string Denominator, GoodDirection Good, double? Warning, double? Alarm)
{
    public static IndicatorDocument Of(Indicator i) => new(i.Name, i.Zh, i.En, i.Numerator, i.Denominator, i.Good, i.Warning, i.Alarm);
}

/// <summary>One step of a series: when it starts, the rate (null when its base is 0), its two counts and its level.</summary>
public sealed record SeriesPointDocument(DateTimeOffset Start, double? Value, long Numerator, long Denominator, IndicatorLevel Level);

/// <summary>One indicator's steps, with the warning and alarm levels in force for the shop (its own or the table's).</summary>
public sealed record IndicatorSeriesDocument(string Indicator, double? Warning, double? Alarm, IReadOnlyList<SeriesPointDocument> Points);

/// <summary>A shop's indicator series: steps of an hour or a day, starting in [from, to); days start at midnight at <c>offset</c>.</summary>
public sealed record ShopSeriesDocument(
    string ShopId, SeriesInterval Interval, string Offset, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<IndicatorSeriesDocument> Series);

/// <summary>A series as a CSV row (<c>format=csv</c>): one per indicator and step.</summary>
public sealed record SeriesRowDocument(string Indicator, DateTimeOffset Start, double? Value, long Numerator, long Denominator, IndicatorLevel Level);
