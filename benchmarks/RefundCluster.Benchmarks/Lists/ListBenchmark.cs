using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RefundCluster.Benchmarks.Hosting;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Changes;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Lists;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Refunds;
using RefundCluster.Performance.Measuring;
using RefundCluster.Performance.Setup;
using RefundCluster.Silo.Security;
using static RefundCluster.Silo.Hosting.ToolCommandLine;

namespace RefundCluster.Benchmarks.Lists;

/// <summary>
/// A shop's lists over HTTP on PostgreSQL: a shop with <c>refunds</c> refunds (each with its order, two changes per
/// refund in the log, statuses, kinds and reasons spread as a big sale leaves them) is written straight into the change
/// log; one silo wired as the production host answers <c>callers</c> concurrent list requests (the first page of the
/// refunds waiting for the seller by time left, a walk by last change, a reason filter, a rare filter that passes
/// over most of the shop, the shipped orders) while new orders of the shop arrive as real events. Prints the first
/// (cold: the list is built from the log) request, latency percentiles per query and overall against the 20 ms p99
/// target, and checks that a walk by last change gives every refund exactly once.
/// </summary>
public static class ListBenchmark
{
    private const string Shop = "list-bench-shop";
    private static readonly DateTimeOffset T0 = new(2026, 11, 11, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>The <c>lists</c> command: its options, their help, and the run.</summary>
    public static Command CreateCommand()
    {
        var connection = Text("--connection", "CS", "PostgreSQL connection string (the database is made if missing; its tables are emptied)",
            "Host=127.0.0.1;Username=postgres;Database=refundcluster_lists;Maximum Pool Size=64");
        var refunds = Integer("--refunds", "N", "refunds in the shop, written straight into the change log", 100_000);
        var callers = Integer("--callers", "N", "concurrent list requests", 4);
        var requests = Integer("--requests", "N", "list requests in all", 5_000);
        var writeRate = Integer("--write-rate", "N", "new orders of the shop a second, as real events, while the lists are read", 100);
        var command = new Command("lists",
            "a shop's lists over HTTP on PostgreSQL: the first (cold) request, latency percentiles per query and overall against the 20 ms p99 target, " +
            "and a walk by last change that gives every refund exactly once")
        {
            connection, refunds, callers, requests, writeRate,
        };
        command.SetAction(result => Run(new Options(
            result.GetValue(connection)!, result.GetValue(refunds), result.GetValue(callers), result.GetValue(requests), result.GetValue(writeRate))));
        return command;
    }

    private static async Task<int> Run(Options o)
    {
        Console.WriteLine($"# lists: PostgreSQL, a shop of {o.Refunds:N0} refunds, {o.Callers} callers, {o.Requests:N0} requests, {o.WriteRate}/s new orders meanwhile");
        var seed = Stopwatch.StartNew();
        await Seed(o);
        Console.WriteLine($"  seeded {o.Refunds:N0} refunds and their orders ({o.Refunds * 3:N0} changes) in {seed.Elapsed.TotalSeconds:N1} s");

        var (key, hash) = ApiKey.Generate("list-bench");
        await using var app = await ProductionSilo.StartWithApi(new()
        {
            ["RefundCluster:Storage"] = "PostgreSql",
            ["RefundCluster:SiloPort"] = "11194",
            ["RefundCluster:GatewayPort"] = "30094",
            ["RefundCluster:HttpPort"] = "5094",
            ["RefundCluster:ClusterId"] = "list-bench",
            ["ConnectionStrings:RefundCluster"] = o.ConnectionString,
            ["Security:GenerateDevelopmentKey"] = "false",
            ["Security:ApiKeys:0:Id"] = "list-bench",
            ["Security:ApiKeys:0:Hash"] = hash,
            ["Security:ApiKeys:0:Roles:0"] = nameof(Role.Operator),
            ["Security:ApiKeys:0:RequestsPerSecond"] = "100000000",
        });
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:5094/"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var json = WireJson.Create();

        var cold = Stopwatch.StartNew();
        var first = await Get<RefundPage>(http, $"v1/shops/{Shop}/refunds?status=waiting_seller_agree&limit=50", json);
        Console.WriteLine($"  first request (the list built from the log): {cold.Elapsed.TotalMilliseconds:N0} ms, {first.Refunds.Length} refunds");

        // Correctness: a walk by last change gives every refund once.
        var walked = new HashSet<string>();
        var pages = 0;
        string? after = null;
        string? deep = null;
        var duplicates = 0;
        do
        {
            var page = await Get<RefundPage>(http, $"v1/shops/{Shop}/refunds?sort=modified&limit=500" + (after is null ? "" : $"&after={after}"), json);
            duplicates += page.Refunds.Count(r => !walked.Add(r.RefundId));
            after = page.HasMore ? page.Next : null;
            pages++;
            deep ??= walked.Count >= 2000 ? page.Next : null;
        }
        while (after is not null);

        var walkOk = walked.Count == o.Refunds && duplicates == 0;
        Console.WriteLine($"  walk by last change: {walked.Count:N0} refunds in {pages} pages, {duplicates} repeated: {(walkOk ? "ok" : "WRONG")}");

        var queries = new (string Name, Func<int, string> Path)[]
        {
            ("waiting for the seller, by time left", _ => $"v1/shops/{Shop}/refunds?status=waiting_seller_agree&limit=50"),
            ("page 21 by last change", _ => $"v1/shops/{Shop}/refunds?sort=modified&limit=100" + (deep is null ? "" : $"&after={deep}")),
            ("one reason, by time left", _ => $"v1/shops/{Shop}/refunds?reason=quality_defect&limit=50"),
            ("a rare filter (counterfeit returns)", _ => $"v1/shops/{Shop}/refunds?kind=return_and_refund&reason=counterfeit&limit=50"),
            ("shipped orders by last change", _ => $"v1/shops/{Shop}/orders?status=shipped&limit=100"),
        };
        var perQuery = queries.Select(_ => new LatencyHistogram()).ToArray();
        var all = new LatencyHistogram();
        var next = -1;
        var errors = 0;
        using var stopWriting = new CancellationTokenSource();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        var writer = Task.Run(() => WriteOrders(grains, o.WriteRate, stopWriting.Token));
        var measured = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, o.Callers).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < o.Requests)
            {
                var q = n % queries.Length;
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(queries[q].Path(n));
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                perQuery[q].RecordSince(start);
                all.RecordSince(start);
            }
        })));
        measured.Stop();
        await stopWriting.CancelAsync();
        var written = await writer;

        for (var q = 0; q < queries.Length; q++)
        {
            Console.WriteLine($"  {queries[q].Name,-40} p50 {perQuery[q].PercentileMs(50),6:N2}  p99 {perQuery[q].PercentileMs(99),6:N2}  max {perQuery[q].MaxMs,7:N2} ms");
        }

        var met = all.PercentileMs(99) <= 20;
        Console.WriteLine($"  all: {all.Count:N0} pages in {measured.Elapsed.TotalSeconds:N1} s ({all.Count / measured.Elapsed.TotalSeconds:N0}/s), p50 {all.PercentileMs(50):N2}  p99 {all.PercentileMs(99):N2}  max {all.MaxMs:N2} ms; {errors} errors; {written:N0} orders written meanwhile");
        Console.WriteLine($"  target p99 <= 20 ms: {(met ? "met" : "MISSED")}");
        await app.StopAsync();
        return walkOk && errors == 0 ? 0 : 1;
    }

    private static async Task<T> Get<T>(HttpClient http, string path, JsonSerializerOptions json)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(json))!;
    }

    private static async Task<long> WriteOrders(IGrainFactory grains, int rate, CancellationToken stop)
    {
        var written = 0L;
        var run = Guid.NewGuid().ToString("N")[..6];
        var watch = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested && rate > 0)
        {
            var due = (long)(watch.Elapsed.TotalSeconds * rate);
            while (written < due && !stop.IsCancellationRequested)
            {
                written++;
                await grains.Send(new OrderPaidEvent
                {
                    EventId = $"lb-{run}-{written}", OrderId = $"lb-{run}-{written}", ShopId = Shop, BuyerId = "b",
                    Lines = [new OrderLineDto("sku", 1, 10m)], PaidAmount = 10m,
                });
            }

            await Task.Delay(10, CancellationToken.None);
        }

        return written;
    }

    private static string RefundId(int i) => $"lbr-{i:D7}";

    private static DateTimeOffset Modified(int i) => T0.AddSeconds(i);

    /// <summary>Each refund's order (paid, shipped for half), the refund's first change and its latest, as the recorder writes them.</summary>
    private static async Task Seed(Options o)
    {
        await PostgresSchema.Apply(o.ConnectionString, CancellationToken.None);
        await using var db = NpgsqlDataSource.Create(o.ConnectionString);
        await using (var truncate = db.CreateCommand(
            "TRUNCATE refundcluster_changes, refundcluster_grain_state, refundcluster_deadlines, orleansreminderstable, orleansmembershiptable, orleansmembershipversiontable"))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        var json = WireJson.Create();
        var statuses = new[] { RefundStatus.WaitingSellerAgree, RefundStatus.WaitingSellerAgree, RefundStatus.WaitingBuyerReturn, RefundStatus.Succeeded, RefundStatus.Succeeded, RefundStatus.Succeeded, RefundStatus.Closed };
        var reasons = Enum.GetValues<RefundReason>();
        const int batch = 10_000;
        for (var from = 0; from < o.Refunds; from += batch)
        {
            var rows = new List<(string Order, string? Refund, string Type, int Version, DateTimeOffset At, string View)>();
            for (var i = from; i < Math.Min(o.Refunds, from + batch); i++)
            {
                var order = $"lbo-{i:D7}";
                var at = Modified(i);
                var shipped = i % 2 == 0;
                var status = statuses[i % statuses.Length];
                var kind = i % 3 == 0 ? RefundKind.ReturnAndRefund : RefundKind.RefundOnly;
                var reason = reasons[i * 7 % reasons.Length];
                var open = status is not (RefundStatus.Succeeded or RefundStatus.Closed);
                DateTimeOffset? deadline = open ? at.AddHours(48 + (i * 37 % 96)) : null;
                var orderView = JsonSerializer.Serialize(new OrderSummary(order, Shop, shipped ? OrderStatus.Shipped : OrderStatus.Paid, shipped ? "WAIT_BUYER_CONFIRM_GOODS" : "WAIT_SELLER_SEND_GOODS",
                    200m, 0m, 200m, false, false, false, shipped ? 2 : 1, null, at.AddDays(-1), at.AddHours(-1)), json);
                RefundSummary Refund(RefundStatus s, int version, DateTimeOffset? due, DateTimeOffset modified) => new(
                    RefundId(i), order, Shop, null, kind, s, "WAIT_SELLER_AGREE", 100m + (i % 90), s == RefundStatus.Succeeded ? 100m + (i % 90) : 0m,
                    s == RefundStatus.Succeeded ? RefundOutcome.Refunded : s == RefundStatus.Closed ? RefundOutcome.CancelledByBuyer : null,
                    Automation.None, open ? Actor.Seller : null, due, version, reason, at.AddMinutes(-30), modified);
                rows.Add((order, null, "order.paid", shipped ? 2 : 1, at.AddHours(-1), orderView));
                rows.Add((order, RefundId(i), "refund.created", 1, at.AddMinutes(-30), JsonSerializer.Serialize(Refund(RefundStatus.WaitingSellerAgree, 1, at.AddHours(47), at.AddMinutes(-30)), json)));
                rows.Add((order, RefundId(i), "refund.changed", 2, at, JsonSerializer.Serialize(Refund(status, 2, deadline, at), json)));
            }

            await using var insert = db.CreateCommand(
                """
                INSERT INTO refundcluster_changes (cursor, service_id, shop_id, order_id, refund_id, type, version, at, view)
                SELECT (pg_current_xact_id()::text::bigint << 16) + n, 'refundcluster', $1, o, r, t, v, a, w
                FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::text[]) WITH ORDINALITY AS x(o, r, t, v, a, w, n)
                """);
            insert.Parameters.Add(new NpgsqlParameter { Value = Shop });
            insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Order).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Refund).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Type).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Version).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.At.ToUniversalTime()).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.View).ToArray() });
            await insert.ExecuteNonQueryAsync();
        }

        await using var analyze = db.CreateCommand("ANALYZE refundcluster_changes");
        await analyze.ExecuteNonQueryAsync();
    }

    private sealed record Options(string ConnectionString, int Refunds, int Callers, int Requests, int WriteRate);
}
