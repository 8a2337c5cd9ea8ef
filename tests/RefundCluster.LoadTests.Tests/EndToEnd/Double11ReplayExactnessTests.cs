using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Policies;
using RefundCluster.Grains.Recording;
using RefundCluster.LoadTests.Recordings;
using RefundCluster.LoadTests.Scenarios;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Tests.EndToEnd;

/// <summary>
/// Exactness over the double11 rehearsal (issue 17, item 3): a short rehearsal on a 7200x grain clock (a 48-hour
/// platform timer fires after 24 s) against an embedded cluster, then, for each of its shops, the shop's policy read,
/// its recording exported with the <c>recording</c> command and each order replayed through the pure core
/// (<see cref="OrderReplay"/>) up to the cluster's clock at the export: every refund ends in the replay exactly as it
/// did on the cluster — status, outcome, automation, refunded amount and end time — with no event skipped. 0秒退,
/// interception, return, dispute and both timer paths (seller silence, unrefunded signed return) are among them.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class Double11ReplayExactnessTests : IDisposable
{
    private const int Shops = 4;
    private readonly string _directory = Directory.CreateTempSubdirectory("double11-exactness-").FullName;

    [Fact]
    public async Task Replaying_the_rehearsals_recording_under_the_policy_in_force_reproduces_every_refund_exactly()
    {
        var cancel = TestContext.Current.CancellationToken;
        var started = DateTime.UtcNow;
        // The target is opened here (not by the run) so that it outlives the run: the recording lives in its memory.
        await using var target = await EmbeddedTarget.Start(new Dictionary<string, string?>
        {
            ["RefundCluster:TimeScale"] = "7200",
            ["RefundCluster:OrleansDashboard"] = "false",
        });
        // The rehearsal's mix: every refund path, a fifth of the refunds left to the platform's 48 h timers; a tenth of
        // the orders are only paid. About 90 orders over 4 shops; the run's audit waits until every timer has fired.
        var options = LoadTestOptions.Parse([
            "--scenario", "double11", "--rehearsal", "--time-scale", "7200", "--rate", "30", "--duration", "3", "--warmup", "0",
            "--shops", Shops.ToString(CultureInfo.InvariantCulture), "--no-ceilings", "--mix", "refund=0.9"]);
        using var console = new StringWriter();

        var report = await LoadTestRun.Execute(options, target, console, cancel);

        Assert.Equal(0, report.Steps.Sum(s => s.Errors));
        Assert.NotNull(report.Audit);
        Assert.True(report.Audit.Passed, string.Join(Environment.NewLine, report.Audit.Failures) + console);
        var runId = RunId().Match(console.ToString()) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"no run id in {console}");
        var rehearsed = DateTime.UtcNow - started;

        // The policy in force. double11 sets none (its shops run on the platform defaults: version 0, no change), so
        // one policy held for the whole run; were one changed, the orders begun before its last change could not be
        // replayed exactly under one policy, and only those begun after it are compared.
        var shops = Enumerable.Range(0, Shops).Select(i => ShopPicker.Id(runId, i)).ToList();
        var policies = new Dictionary<string, (ShopPolicy Policy, DateTimeOffset? LastChange)>(StringComparer.Ordinal);
        foreach (var shop in shops)
        {
            using var view = JsonDocument.Parse(Ok(await target.Send(HttpMethod.Get, $"v1/shops/{shop}/policy", null, cancel)));
            var policy = JsonSerializer.Deserialize<ShopPolicy>(view.RootElement.GetProperty("policy").GetRawText(), WireJson.Shared)!;
            var changes = view.RootElement.TryGetProperty("changes", out var c) ? c.EnumerateArray().Select(x => x.GetProperty("at").GetDateTimeOffset()).ToList() : [];
            policies[shop] = (policy, changes.Count == 0 ? null : changes.Max());
        }

        // The race with the fast clock, and how it is closed. The run is over: nothing sends events any more, only the
        // cluster's timers still act. (1) A first export names the refunds. (2) Each is read: the read is a turn of its
        // order grain (not interleaved), so it sees the state only after the write that made it, which appends that
        // write's recording lines. (3) Only then is the clock read (the shop metrics' asOf, grain time) as `to`, and
        // (4) the recording exported again up to `to` and replayed up to `to`. A refund read in a final status
        // (succeeded, closed) cannot change its status, outcome, automation, money or end time any more (the core
        // refuses every command on a finished refund but an appeal or an interception report, which change none of
        // these, and the only deadline a finished refund keeps, the appeal window, sets a flag), so its live state at
        // `to` is the one read, and every line that made it was stored before the read, before `to`: it is in the
        // export. A deadline due before `to` whose firing is not (yet) recorded is fired by the replay at its due time;
        // it cannot be one that ended or touched such a refund (the grain fires everything due before each event and
        // firing it records, so an unrecorded one is due after the refund's last line). Refunds read in an open status
        // could still be changed by a timer between the read and `to`: they are not compared, only counted (none are
        // expected: the run's audit waited until every refund had ended).
        var firstClock = await Clock(target, shops[0], cancel);
        var from = firstClock - TimeSpan.FromDays(20); // the run spans about 3 days of grain time; an export spans at most 31
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var shop in shops)
        {
            foreach (var line in await Export(target, shop, from, firstClock, cancel))
            {
                if (line.Event is RefundCluster.Contracts.Events.RefundIntegratorEvent e)
                {
                    named.Add(e.RefundId);
                }
            }
        }

        var live = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var refund in named)
        {
            using var view = JsonDocument.Parse(Ok(await target.Send(HttpMethod.Get, $"v1/refunds/{refund}", null, cancel)));
            live[refund] = view.RootElement.Clone();
        }

        var to = await Clock(target, shops[0], cancel);

        var failures = new List<string>();
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        int orders = 0, events = 0, firings = 0, compared = 0, open = 0, beforePolicyChange = 0;
        foreach (var shop in shops)
        {
            var (policy, lastChange) = policies[shop];
            var lines = await Export(target, shop, from, to, cancel);
            Assert.NotEmpty(lines);
            foreach (var order in lines.GroupBy(l => l.OrderId, StringComparer.Ordinal))
            {
                var orderLines = order.ToList();
                if (lastChange is { } changed && orderLines[0].At <= changed)
                {
                    beforePolicyChange++;
                    continue;
                }

                orders++;
                var replayed = OrderReplay.Run(orderLines, policy, to);
                events += replayed.Events;
                firings += replayed.Firings;
                if (replayed.Skipped.Count > 0)
                {
                    failures.Add($"order {order.Key}: the replay skipped {string.Join(", ", replayed.Skipped)}{Describe(orderLines)}");
                }

                foreach (var refund in replayed.Order?.Refunds.Values ?? [])
                {
                    if (!live.TryGetValue(refund.RefundId, out var seen))
                    {
                        failures.Add($"refund {refund.RefundId} (order {order.Key}): in the replay, not read from the cluster before {to:O}{Describe(orderLines)}");
                        continue;
                    }

                    if (seen.GetProperty("status").GetString() is not ("succeeded" or "closed"))
                    {
                        open++;
                        continue;
                    }

                    compared++;
                    var expected = JsonSerializer.SerializeToElement(RefundEnd.Of(refund), WireJson.Shared);
                    var differences = new List<string>();
                    foreach (var field in new[] { "status", "outcome", "automation", "endedAt" })
                    {
                        var actual = seen.TryGetProperty(field, out var value) ? value.ToString() : "";
                        if (expected.GetProperty(field).ToString() != actual)
                        {
                            differences.Add($"{field}: replayed '{expected.GetProperty(field)}', live '{actual}'");
                        }
                    }

                    if (seen.GetProperty("refundedAmount").GetDecimal() != refund.RefundedAmount)
                    {
                        differences.Add($"refundedAmount: replayed {expected.GetProperty("refundedAmount")}, live {seen.GetProperty("refundedAmount")}");
                    }

                    if (differences.Count > 0)
                    {
                        failures.Add($"refund {refund.RefundId} (order {order.Key}): {string.Join("; ", differences)}{Environment.NewLine}  replayed {expected}{Environment.NewLine}  live {seen}{Describe(orderLines)}");
                    }

                    // The rehearsal's path of this refund (its iteration number ends its id) and how it ended.
                    var path = options.Mix.PathOf(long.Parse(refund.RefundId[(refund.RefundId.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture));
                    var kind = $"{path}: {expected.GetProperty("status")}/{expected.GetProperty("outcome")}/{expected.GetProperty("automation")}";
                    kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                }
            }
        }

        var summary = string.Create(CultureInfo.InvariantCulture,
            $"run {runId}: rehearsal {rehearsed.TotalSeconds:N1} s, whole test {(DateTime.UtcNow - started).TotalSeconds:N1} s; {orders} orders replayed ({events} events, {firings} firings) up to {to:O}; " +
            $"{compared} refunds compared, {open} open ones not compared, {beforePolicyChange} orders begun before a policy change; " +
            $"ends: {string.Join(", ", kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}"))}");
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(failures.Count == 0, $"{failures.Count} disagreements between the replay and the cluster ({summary}):{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");

        // Not vacuous: enough refunds, along every refund path of the rehearsal, some ended by a platform timer at its recorded moment.
        Assert.True(compared >= 50, summary);
        var paths = kinds.Keys.Select(k => k[..k.IndexOf(':', StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        Assert.True(paths.IsSupersetOf(Enum.GetNames<Double11Path>().Where(p => p != nameof(Double11Path.PaidOnly))), summary);
        Assert.True(kinds.Where(k => k.Key.EndsWith("/timeout", StringComparison.Ordinal)).Sum(k => k.Value) >= 5, summary);
        Assert.True(kinds.Where(k => k.Key.EndsWith("/zero_second_refund", StringComparison.Ordinal)).Sum(k => k.Value) >= 5, summary);
        Assert.True(firings >= 5, summary);
    }

    /// <summary>The cluster's grain clock now: a shop's metrics answer carries it as asOf.</summary>
    private static async Task<DateTimeOffset> Clock(EmbeddedTarget target, string shop, CancellationToken cancel)
    {
        using var metrics = JsonDocument.Parse(Ok(await target.Send(HttpMethod.Get, $"v1/shops/{shop}/metrics?window=1h", null, cancel)));
        return metrics.RootElement.GetProperty("asOf").GetDateTimeOffset();
    }

    /// <summary>The shop's recording of the orders begun in [from, to), each with its lines before to, with the tool's recording command.</summary>
    private async Task<List<RecordedInput>> Export(EmbeddedTarget target, string shop, DateTimeOffset from, DateTimeOffset to, CancellationToken cancel)
    {
        var file = Path.Combine(_directory, $"{shop}-{to.UtcTicks}.jsonl.gz");
        using var console = new StringWriter();
        using var errors = new StringWriter();
        var exit = await RecordingCommand.Run(
            ["--target", target.Address.ToString(), "--shop", shop, "--out", file, "--api-key", EmbeddedTarget.RunApiKey,
                "--from", from.ToString("O", CultureInfo.InvariantCulture), "--to", to.ToString("O", CultureInfo.InvariantCulture)],
            console, errors, cancel);
        Assert.True(exit == 0, $"{errors}{console}");
        return [.. RecordingFile.ReadAll(file)];
    }

    private static string Describe(IEnumerable<RecordedInput> lines) =>
        string.Concat(lines.Select(l => $"{Environment.NewLine}    {JsonSerializer.Serialize(l, WireJson.Shared)}"));

    private static string Ok(TargetResponse response)
    {
        Assert.True(response.IsSuccess, $"HTTP {response.StatusKey}: {response.Body}");
        return response.Body ?? "";
    }

    [GeneratedRegex(@"; run ([0-9a-f]{8})\b")]
    private static partial Regex RunId();

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
