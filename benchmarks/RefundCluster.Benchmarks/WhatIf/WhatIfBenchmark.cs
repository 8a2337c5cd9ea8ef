using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Events;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Common;
using RefundCluster.Domain.Policies;
using RefundCluster.Domain.Refunds;
using RefundCluster.Grains.Recording;
using static RefundCluster.Silo.Hosting.ToolCommandLine;

namespace RefundCluster.Benchmarks.WhatIf;

/// <summary>
/// The policy what-if over one shop's 30-day recording (issue 17's target: 1,000,000 events in at most 30 s on this
/// machine, memory bounded). Writes a synthetic recording as the export gives it (gzip'd JSON lines, each order's lines
/// together): lifecycles of a paid order and a refund-only request (10–500 yuan) an hour later, then the seller approving
/// (60 %) or refusing (10 %), or staying silent (30 %: the 48 h timer fires 200 ms late, as the recording says), spread
/// over 30 days. Then replays it from the file under the shop's policy (0秒退 off) and a candidate (0秒退 up to 100
/// yuan) and prints the time, the CPU, the peak working set and the managed heap, and checks that the current side
/// skipped nothing and found no difference with itself on the counts it knows.
/// </summary>
public static class WhatIfBenchmark
{
    private static readonly DateTimeOffset T0 = new(2026, 10, 20, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The <c>what-if</c> command: its options, their help, and the run.</summary>
    public static Command CreateCommand()
    {
        var events = Value("--events", "N", "events in the synthetic recording", (string token, out long value) =>
            long.TryParse(token, CultureInfo.InvariantCulture, out value) && value > 0, "a positive number of events", () => 1_000_000L);
        var parallel = Value<int?>("--parallel", "N", "orders replayed at once (default: one per core)", (string token, out int? value) =>
            (value = TryInteger(token, out var n) && n > 0 ? n : null) is not null, "a positive integer");
        var command = new Command("what-if",
            "the policy what-if over one shop's synthetic 30-day recording (issue 17's target: 1,000,000 events in at most 30 s, memory bounded): " +
            "the time, the CPU, the peak working set and the managed heap, and a check that the current side skipped nothing")
        {
            events, parallel,
        };
        command.SetAction(result => Run(result.GetValue(events), result.GetValue(parallel) ?? 0));
        return command;
    }

    private static async Task<int> Run(long events, int parallelism)
    {
        var file = Path.Combine(Path.GetTempPath(), $"refundcluster-whatif-{Environment.ProcessId}.jsonl.gz");
        try
        {
            var written = Stopwatch.StartNew();
            var (lines, eventCount, orders, expectedSkips) = Write(file, events);
            Console.WriteLine($"# what-if: one shop, 30 days, {eventCount:N0} events and {lines - eventCount:N0} firings in {orders:N0} orders; " +
                $"file {new FileInfo(file).Length / 1e6:N1} MB gzip, written in {written.Elapsed.TotalSeconds:N1} s");

            // The reading alone (gunzip and JSON), for the share of it in the whole.
            var parse = Stopwatch.StartNew();
            var parsed = 0L;
            await foreach (var line in Read(file))
            {
                parsed += RefundCluster.Grains.Recording.WhatIf.Parse(line).Event is null ? 0 : 1;
            }

            Console.WriteLine($"  reading and parsing alone: {parsed:N0} events in {parse.Elapsed.TotalSeconds:N1} s");

            var current = ShopPolicy.PlatformDefault with { ZeroSecondRefund = new AmountCapRule(false, 200m) };
            var candidate = current with { ZeroSecondRefund = new AmountCapRule(true, 100m) };
            GC.Collect();
            var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var report = await RefundCluster.Grains.Recording.WhatIf.Run(Read(file), current, candidate, T0, T0 + TimeSpan.FromDays(31), CancellationToken.None, parallelism);
            var elapsed = clock.Elapsed;
            process.Refresh();
            var cpuUsed = process.TotalProcessorTime - cpu;
            var heap = GC.GetTotalMemory(forceFullCollection: false);

            Console.WriteLine($"  replayed {report.Events:N0} events ({report.Orders:N0} orders, {report.Firings:N0} firings) under two policies in {elapsed.TotalSeconds:N1} s on {(parallelism > 0 ? parallelism : Environment.ProcessorCount)} threads " +
                $"({report.Events / elapsed.TotalSeconds:N0} events/s), CPU {cpuUsed.TotalSeconds:N1} s");
            Console.WriteLine($"  peak working set {process.PeakWorkingSet64 / 1e6:N0} MB, managed heap at the end {heap / 1e6:N0} MB");
            Console.WriteLine($"  current: {report.Current.Refunds:N0} refunds, {report.Current.RefundedAutomatically:N0} yuan refunded by rules, skipped {report.Current.SkippedEvents:N0}");
            Console.WriteLine($"  candidate: {report.Candidate.RefundedAutomatically:N0} yuan refunded by rules, skipped {report.Candidate.SkippedEvents:N0} " +
                $"({string.Join(", ", report.Candidate.SkippedByCode.Select(s => $"{s.Key} {s.Value:N0}"))}); {report.DifferingRefunds:N0} refunds end differently");
            var target = TimeSpan.FromSeconds(30) * (report.Events / 1_000_000.0);
            Console.WriteLine($"  target: {report.Events:N0} events in at most {target.TotalSeconds:N1} s: {(elapsed <= target ? "met" : "MISSED")}");

            var ok = report.Events == eventCount && report.Current.SkippedEvents == 0 && report.Candidate.SkippedEvents == expectedSkips
                && report.Current.Refunds == orders;
            if (!ok)
            {
                Console.WriteLine($"  CHECK FAILED: expected {eventCount:N0} events, 0 skipped under the current policy, {expectedSkips:N0} under the candidate, {orders:N0} refunds");
            }

            return ok ? 0 : 1;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <returns>Lines written, of which events; orders; how many seller answers the candidate must skip (refunds it pays at once).</returns>
    private static (long Lines, long Events, long Orders, long CandidateSkips) Write(string file, long events)
    {
        var random = new Random(11);
        var span = TimeSpan.FromDays(30);
        long lines = 0, written = 0, orders = 0, skips = 0;
        using var gzip = new GZipStream(File.Create(file), CompressionLevel.Fastest);
        using var writer = new StreamWriter(gzip, new UTF8Encoding(false), 1 << 16);
        while (written < events)
        {
            var order = $"o{orders:D8}";
            var refund = $"r{orders:D8}";
            var paidAt = T0 + (span * (orders / (events / 2.7)));
            var amount = Math.Round((decimal)(10 + (random.NextDouble() * 490)), 2);
            var requestedAt = paidAt + TimeSpan.FromHours(1);
            void Line(DateTimeOffset at, IntegratorEvent? e, RecordedFiring? firing)
            {
                writer.WriteLine(JsonSerializer.Serialize(new RecordedInput { At = at, ShopId = "whatif-shop", OrderId = order, Event = e, Firing = firing }, WireJson.Shared));
                lines++;
                written += e is null ? 0 : 1;
            }

            Line(paidAt, new OrderPaidEvent
            {
                EventId = $"p{orders}", OrderId = order, ShopId = "whatif-shop", BuyerId = $"b{orders % 5000}",
                Lines = [new OrderLineDto($"sku-{orders % 300}", 1, amount)], PaidAmount = amount,
            }, null);
            Line(requestedAt, new RefundRequestedEvent
            {
                EventId = $"q{orders}", OrderId = order, RefundId = refund, RefundKind = RefundKind.RefundOnly, Reason = RefundReason.ChangedMind, Amount = amount,
            }, null);
            var draw = random.NextDouble();
            var answered = draw < 0.7;
            if (draw < 0.6)
            {
                Line(requestedAt + TimeSpan.FromHours(2), new RefundApprovedEvent { EventId = $"a{orders}", OrderId = order, RefundId = refund }, null);
            }
            else if (draw < 0.7)
            {
                Line(requestedAt + TimeSpan.FromHours(3), new RefundRefusedEvent { EventId = $"f{orders}", OrderId = order, RefundId = refund, Reason = "used" }, null);
            }
            else
            {
                var due = requestedAt + TimeSpan.FromHours(48);
                Line(due + TimeSpan.FromMilliseconds(200), null, new RecordedFiring(refund, DeadlineKind.SellerResponse, due));
            }

            if (answered && amount <= 100m)
            {
                skips++; // the candidate refunded it at once: the seller's answer no longer applies
            }

            orders++;
        }

        return (lines, written, orders, skips);
    }

    private static async IAsyncEnumerable<string> Read(string file, [EnumeratorCancellation] CancellationToken cancel = default)
    {
        await using var gzip = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8, false, 1 << 16);
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            yield return line;
        }
    }
}
