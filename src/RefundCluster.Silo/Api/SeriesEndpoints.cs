using System.Globalization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Grains;
using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Policies;
using RefundCluster.Grains.Shops;
using RefundCluster.Silo.Security;

namespace RefundCluster.Silo.Api;

/// <summary>The indicator table and a shop's indicators as trends: a step per hour or per day, for the last 31 days.</summary>
public static class SeriesEndpoints
{
    /// <summary>How many steps one answer holds when the caller gives no <c>from</c>.</summary>
    public const int DefaultSteps = 24;

    private static readonly IReadOnlyList<string> IntervalNames = [.. Enum.GetValues<SeriesInterval>().Select(i => i.Name())];

    public static void MapSeriesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/indicators", () => Results.Ok(Indicators.All.Select(IndicatorDocument.Of).ToList()))
            .WithName("ListIndicators")
            .WithSummary("The shop rates (the metrics' 'rates' and the series' indicators): names in Chinese and English, what each divides by what, which way is good, and the warning and alarm levels the dashboard colours by.")
            .Produces<List<IndicatorDocument>>()
            .RequireAuthorization(); // any credential: the table holds no shop's data

        app.MapGet("/v1/shops/{shopId}/metrics/series", async (string shopId, string? indicator, string? interval, string? from, string? to, string? offset,
                string? format, IGrainFactory grains, ShopPolicyCache policies, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
                IOptions<JsonOptions> json, HttpContext context) =>
            {
                if (MetricsEndpoints.Invalid(shopId, null, context, out _) is { } refused)
                {
                    return refused;
                }

                var policy = await policies.Get(shopId);
                var query = new SeriesQuery(indicator, interval, from, to, offset, format, TimeSpan.FromHours(policy.UtcOffsetHours), clock.GetUtcNow());
                if (query.Error is { } error)
                {
                    return Problems.ToResult(ApiErrors.SeriesInvalid(error), context);
                }

                var steps = await grains.GetGrain<IShopMetricsGrain>(shopId).GetSeries(query.Interval, query.From, query.To, query.Offset);
                var series = query.Chosen.Select(i =>
                {
                    var (warning, alarm) = i.LevelsFor(policy);
                    return new IndicatorSeriesDocument(i.Name, warning, alarm, [.. steps.Select(m => Point(i, policy, query.Interval, m))]);
                }).ToList();
                if (query.Csv)
                {
                    var rows = series.SelectMany(s => s.Points.Select(p => new SeriesRowDocument(s.Indicator, p.Start, p.Value, p.Numerator, p.Denominator, p.Level)));
                    context.Response.Headers.ContentDisposition = $"attachment; filename=\"{CsvExport.FileName("series", shopId)}\"";
                    return Results.Text(CsvExport.Render(rows, json.Value.SerializerOptions), "text/csv; charset=utf-8");
                }

                return Results.Ok(new ShopSeriesDocument(shopId, query.Interval, OffsetName(query.Offset), query.From, query.To, series));
            })
            .WithName("GetShopMetricsSeries").WithQueryEnum("interval", "SeriesInterval", IntervalNames)
            .WithSummary("A shop's rates step by step: interval=hour (UTC hours) or day (from midnight at offset, default the shop's policy utcOffsetHours, +08:00 unless changed); "
                + "indicator = names from /v1/indicators, comma-separated (default all); from/to = ISO 8601 times, the steps starting in [from, to) "
                + $"(default the last {DefaultSteps} steps up to now), within the last 31 days. format=csv: one row per indicator and step.")
            .Produces<ShopSeriesDocument>().Produces<string>(200, "text/csv").ProducesProblem(400).ProducesProblem(404)
            .RequireAuthorization(AccessPolicies.ShopReader);
    }

    private static SeriesPointDocument Point(Indicator indicator, ShopPolicy policy, SeriesInterval interval, ShopMetrics step)
    {
        var value = indicator.ValueOf(step);
        return new SeriesPointDocument(step.AsOf - interval.Length(), value, indicator.NumeratorOf(step), indicator.DenominatorOf(step), indicator.LevelOf(value, policy));
    }

    private static string OffsetName(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    /// <summary>The query's parameters, checked; <see cref="Error"/> says what is wrong with the first bad one.</summary>
    private sealed class SeriesQuery
    {
        /// <param name="shopOffset">The shop's own UTC offset (its policy's, +08:00 unless changed): days start at its midnight unless the caller says otherwise.</param>
        public SeriesQuery(string? indicator, string? interval, string? from, string? to, string? offset, string? format, TimeSpan shopOffset, DateTimeOffset now)
        {
            if (interval is not null && !SeriesIntervals.TryParse(interval, out _))
            {
                Error = $"'interval' is hour or day; got '{interval}'.";
                return;
            }

            SeriesIntervals.TryParse(interval ?? "hour", out var step);
            Interval = step;
            if (format is not null and not "json" and not "csv")
            {
                Error = "'format' is json (the default) or csv.";
                return;
            }

            Csv = format == "csv";
            var given = shopOffset;
            if (offset is not null && !TryParseOffset(offset, out given))
            {
                Error = $"'offset' is a whole number of hours from UTC between -12:00 and +14:00, such as +08:00; got '{offset}'.";
                return;
            }

            Offset = given;
            var names = (indicator ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            var found = names.Select(n => Domain.Metrics.Indicators.TryFind(n, out var i) ? i : null).ToList();
            if (found.Contains(null))
            {
                Error = $"Unknown indicator(s) {string.Join(", ", names.Where((_, k) => found[k] is null).Select(n => $"'{n}'"))}: see GET /v1/indicators.";
                return;
            }

            Chosen = names.Count == 0 ? [.. Domain.Metrics.Indicators.All] : [.. found.OfType<Indicator>()];
            if (!TryParseTime(to, "to", out var end) || !TryParseTime(from, "from", out var start))
            {
                return;
            }

            To = end ?? Interval.StartOf(now, Offset) + Interval.Length();
            From = start ?? To - (DefaultSteps * Interval.Length());
            if (From >= To)
            {
                Error = "'from' must be before 'to'.";
            }
            else if (From < now - SeriesIntervals.Reach)
            {
                Error = $"A series reaches back {SeriesIntervals.Reach.TotalDays:0} days: 'from' must be after {(now - SeriesIntervals.Reach):O}.";
            }
            else if (To > now + SeriesIntervals.Reach)
            {
                Error = "'to' is too far in the future.";
            }
        }

        public string? Error { get; private set; }

        public SeriesInterval Interval { get; }

        public bool Csv { get; }

        public TimeSpan Offset { get; }

        /// <summary>The indicators asked for, in the order given (all of the table when none).</summary>
        public IReadOnlyList<Indicator> Chosen { get; } = [];

        public DateTimeOffset From { get; }

        public DateTimeOffset To { get; }

        private bool TryParseTime(string? text, string name, out DateTimeOffset? time)
        {
            time = null;
            if (text is null)
            {
                return true;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                time = parsed;
                return true;
            }

            Error = $"'{name}' must be an ISO 8601 time, such as 2026-11-11T00:00:00+08:00.";
            return false;
        }

        private static bool TryParseOffset(string text, out TimeSpan offset)
        {
            offset = default;
            if (text.Length != 6 || text[0] is not ('+' or '-') || !TimeSpan.TryParseExact(text[1..], @"hh\:mm", CultureInfo.InvariantCulture, out var size))
            {
                return false;
            }

            offset = text[0] == '-' ? -size : size;
            return offset.Minutes == 0 && offset >= TimeSpan.FromHours(-12) && offset <= TimeSpan.FromHours(14);
        }
    }
}
