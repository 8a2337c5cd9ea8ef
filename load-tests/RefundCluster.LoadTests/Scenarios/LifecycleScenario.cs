using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using RefundCluster.LoadTests.Targets;

namespace RefundCluster.LoadTests.Scenarios;

/// <summary>
/// Refund lifecycles (<see cref="LifecycleSchedule"/>) over <c>shops</c> shops whose policy is set once before the
/// load (<see cref="Prepare"/>: 0秒退 off, the seller-response timer). The profile's rate counts events: lifecycles
/// start at rate / <see cref="LifecycleSchedule.EventsPerLifecycle"/>. Each stage is sent when it falls due, and only
/// after the stage before it was answered (if that answer is late, the stage goes late and its latency, measured from
/// when it fell due, shows it). With <c>--batch N</c> (default 100 for this scenario) stages of different lifecycles
/// due in the same send window share a batch.
/// </summary>
public sealed class LifecycleScenario(ShopPicker shops, string runId, LifecycleSchedule schedule, double timeScale = 1, DataFeed? feed = null) : IScenario
{
    public string Name => "lifecycle";

    public string Description => $"refund lifecycles over {shops.Describe()}: {schedule.Describe()}" + (feed is null ? "" : $"; SKUs and amounts: {feed.Describe()}");

    public LifecycleSchedule Schedule => schedule;

    public string RunId => runId;

    public int Shops => shops.Count;

    public ScenarioExpectations Expectations { get; } = new();

    /// <summary>What each lifecycle did, for the lifecycle audit.</summary>
    public LifecycleTraces Lifecycles { get; } = new();

    public double IterationsPerRateUnit => 1 / schedule.EventsPerLifecycle;

    public string RateUnit => "events";

    /// <summary>The shop of lifecycle <paramref name="n"/>.</summary>
    public string ShopId(long n) => ShopAt(shops.IndexOf(n));

    /// <summary>The shop with index <paramref name="index"/> (0 … shops − 1).</summary>
    public string ShopAt(int index) => ShopPicker.Id(runId, index);

    public string OrderId(long n) => $"o-{runId}-{n}";

    public string RefundId(long n) => $"r-{runId}-{n}";

    /// <summary>The policy every shop of the run gets: 0秒退 off, the seller-response timer (platform time: real time × the clock scale).</summary>
    public JsonObject Policy() => new()
    {
        ["zeroSecondRefund"] = new JsonObject { ["enabled"] = false, ["cap"] = 200m },
        ["deadlines"] = new JsonObject { ["sellerResponse"] = (schedule.SellerTimer * timeScale).ToString("c", CultureInfo.InvariantCulture) },
    };

    public async Task Prepare(ITarget target, TextWriter console, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var body = Policy().ToJsonString();
        var failures = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, shops.Count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (shop, ct) =>
        {
            var response = await target.Send(HttpMethod.Put, $"v1/shops/{ShopAt(shop)}/policy", body, ct);
            if (!response.IsSuccess)
            {
                failures.Enqueue($"{ShopAt(shop)}: HTTP {response.StatusKey} {response.Body}");
            }
        });
        if (!failures.IsEmpty)
        {
            throw new InvalidOperationException($"setting the shops' policy failed for {failures.Count} of {shops.Count} shops, e.g. {failures.First()}");
        }

        console.WriteLine($"# lifecycle: policy of {shops.Count} shops set in {clock.Elapsed.TotalSeconds:N1} s (PUT v1/shops/{{shopId}}/policy: {body})");
    }

    public async Task Run(long n, Iteration context)
    {
        var plan = schedule.Plan(n);
        if (feed?.Pick(n) is { } item)
        {
            plan = plan with { Amount = item.Amount ?? plan.Amount, Sku = item.Sku ?? plan.Sku };
        }

        var trace = Lifecycles.Start(plan);
        var (shop, order, refund) = (ShopId(n), OrderId(n), RefundId(n));
        var start = context.IntendedTimestamp;
        var stages = schedule.Stages(plan.Decision);

        var paid = await context.PostDue("order.paid", Events.Paid($"pay-{runId}-{n}", order, shop, plan.Amount, plan.Sku), start);
        trace.Paid = StageResults.Of(paid);
        if (trace.Paid != StageResult.Applied)
        {
            return;
        }

        Expectations.OrderPaid(shop);
        var requestDue = start + Ticks(stages[1].Offset);
        await context.Until(requestDue);
        var requested = await context.PostDue("refund.requested", Events.Refund("refund.requested", $"req-{runId}-{n}", order, refund,
            ("refundKind", "refund_only"), ("reason", "changed_mind"), ("amount", plan.Amount)), requestDue);
        trace.Requested = StageResults.Of(requested);
        trace.RequestAnsweredAt = Stopwatch.GetTimestamp();
        if (trace.Requested != StageResult.Applied)
        {
            return;
        }

        Expectations.RefundRequested(shop);
        if (plan.Decision == SellerDecision.Silent)
        {
            return;
        }

        var decisionDue = start + Ticks(stages[2].Offset);
        await context.Until(decisionDue);
        var decision = plan.Decision == SellerDecision.Approve
            ? Events.Refund("refund.approved", $"apr-{runId}-{n}", order, refund)
            : Events.Refund("refund.refused", $"ref-{runId}-{n}", order, refund, ("reason", "item already used"));
        trace.Decision = StageResults.Of(await context.PostDue(stages[2].Kind, decision, decisionDue));
    }

    private static long Ticks(TimeSpan offset) => (long)(offset.TotalSeconds * Stopwatch.Frequency);
}

/// <summary>What became of one stage's event.</summary>
public enum StageResult
{
    NotSent,
    Applied,
    /// <summary>The cluster said it did not apply it (an item's problem, or 400/429/503 for the whole request).</summary>
    NotApplied,
    /// <summary>No answer that says (a timeout, a lost connection, a 5xx other than 503): it may or may not have been applied.</summary>
    Unknown,
}

public static class StageResults
{
    public static StageResult Of(TargetResponse response) => response.Status switch
    {
        >= 200 and < 300 => StageResult.Applied,
        >= 400 and < 500 or 503 => StageResult.NotApplied,
        _ => StageResult.Unknown,
    };
}

/// <summary>One lifecycle as the tool saw it; its stages are written by its own iteration only.</summary>
public sealed class LifecycleTrace(LifecyclePlan plan)
{
    public LifecyclePlan Plan { get; } = plan;
    public StageResult Paid { get; set; }
    public StageResult Requested { get; set; }
    public StageResult Decision { get; set; }

    /// <summary>When refund.requested was answered (Stopwatch): the seller timer runs from about then.</summary>
    public long RequestAnsweredAt { get; set; }
}

/// <summary>Every lifecycle started in the run.</summary>
public sealed class LifecycleTraces
{
    private readonly ConcurrentDictionary<long, LifecycleTrace> _traces = new();

    public IReadOnlyDictionary<long, LifecycleTrace> Traces => _traces;

    public LifecycleTrace Start(LifecyclePlan plan) => _traces[plan.Lifecycle] = new LifecycleTrace(plan);
}
