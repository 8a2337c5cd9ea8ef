using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Metrics;

/// <summary>The counts of one time bucket. Facts add themselves with sign +1 and retract an older version with -1.</summary>
internal sealed class MetricCounters
{
    private static readonly int ScenarioCount = Enum.GetValues<RefundScenario>().Length;
    private static readonly int StatusCount = Enum.GetValues<RefundStatus>().Length;
    private static readonly int ReasonCount = Enum.GetValues<RefundReason>().Length;

    public long PaidOrders;
    public long Refunds;
    public long Refused;
    public long Disputes;
    public long InterceptionRequests;
    public long Intercepted;
    public long Flagged;
    public long Ended;
    public long SelfCompleted;
    public long EndedAutomatically;
    public long ClosedByTimer;
    public long EndedZeroSecond;
    public long MerchantResponsible;
    public readonly long[] ByScenario = new long[ScenarioCount];
    public readonly long[] ByStatus = new long[StatusCount];
    /// <summary>Refunds by the first reason the buyer gave; 首次品退率 sums those of the quality reasons when it is read.</summary>
    public readonly long[] ByFirstReason = new long[ReasonCount];
    /// <summary>Refunds by SKU, at most <see cref="SkuBreakdown.MaxSkusPerBucket"/> SKUs by name (null until the first).</summary>
    public Dictionary<string, long>? BySku;
    /// <summary>Refunds of SKUs past those this bucket names.</summary>
    public long OtherSkus;
    public readonly CompletionBins[] Completion = [new(), new(), new()];
    /// <summary>Seconds from request to the seller's side's first answer (退款处理时长), by completion group.</summary>
    public readonly CompletionBins[] Response = [new(), new(), new()];

    public void Clear()
    {
        PaidOrders = Refunds = Refused = Disputes = InterceptionRequests = Intercepted = Flagged = 0;
        Ended = SelfCompleted = EndedAutomatically = ClosedByTimer = EndedZeroSecond = MerchantResponsible = 0;
        Array.Clear(ByScenario);
        Array.Clear(ByStatus);
        Array.Clear(ByFirstReason);
        BySku = null;
        OtherSkus = 0;
        foreach (var bins in Completion.Concat(Response))
        {
            bins.Clear();
        }
    }

    /// <summary>The refund as counted at its request time.</summary>
    public void AddRequested(RefundFact fact, int sign)
    {
        Refunds += sign;
        ByScenario[(int)fact.Scenario] += sign;
        ByStatus[(int)fact.Status] += sign;
        ByFirstReason[(int)fact.FirstReason] += sign;
        Refused += fact.Refused ? sign : 0;
        InterceptionRequests += fact.Interception != InterceptionStatus.None ? sign : 0;
        Intercepted += fact.Interception == InterceptionStatus.Succeeded ? sign : 0;
        Flagged += fact.Flagged ? sign : 0;
    }

    /// <summary>
    /// The refund's SKUs, at its request time. A SKU this bucket has no name for once it names
    /// <see cref="SkuBreakdown.MaxSkusPerBucket"/> counts in <see cref="OtherSkus"/>; names are never dropped (not even
    /// at 0), so a retraction finds its count where the addition put it.
    /// </summary>
    public void AddSkus(SkuList skus, int sign)
    {
        foreach (var sku in skus.Items)
        {
            BySku ??= new(StringComparer.Ordinal);
            if (BySku.TryGetValue(sku, out var count))
            {
                BySku[sku] = count + sign;
            }
            else if (sign > 0 && BySku.Count < SkuBreakdown.MaxSkusPerBucket)
            {
                BySku[sku] = sign;
            }
            else
            {
                OtherSkus += sign;
            }
        }
    }

    /// <summary>The refund as counted when the buyer raised its dispute (平台求助率).</summary>
    public void AddDisputed(int sign) => Disputes += sign;

    /// <summary>The refund as counted when the seller's side first answered it (退款处理时长).</summary>
    public void AddResponded(RefundFact fact, int sign)
    {
        if (CompletionGroups.Of(fact.Scenario) is { } group)
        {
            Response[(int)group].Add(fact.ResponseSeconds, sign);
        }
    }

    /// <summary>The refund as counted at its end time.</summary>
    public void AddEnded(RefundFact fact, int sign)
    {
        Ended += sign;
        SelfCompleted += fact.TakenUpByPlatform ? 0 : sign;
        EndedAutomatically += fact.Automatic ? sign : 0;
        ClosedByTimer += fact.ClosedByTimer ? sign : 0;
        EndedZeroSecond += fact.ZeroSecond ? sign : 0;
        MerchantResponsible += fact.MerchantResponsible ? sign : 0;
        if (!fact.TakenUpByPlatform && CompletionGroups.Of(fact.Scenario) is { } group)
        {
            Completion[(int)group].Add(fact.CompletionSeconds, sign);
        }
    }

    public void AddTo(MetricCounters total)
    {
        total.PaidOrders += PaidOrders;
        total.Refunds += Refunds;
        total.Refused += Refused;
        total.Disputes += Disputes;
        total.InterceptionRequests += InterceptionRequests;
        total.Intercepted += Intercepted;
        total.Flagged += Flagged;
        total.Ended += Ended;
        total.SelfCompleted += SelfCompleted;
        total.EndedAutomatically += EndedAutomatically;
        total.ClosedByTimer += ClosedByTimer;
        total.EndedZeroSecond += EndedZeroSecond;
        total.MerchantResponsible += MerchantResponsible;
        AddCounts(ByScenario, total.ByScenario);
        AddCounts(ByStatus, total.ByStatus);
        AddCounts(ByFirstReason, total.ByFirstReason);
        total.OtherSkus += OtherSkus;
        if (BySku is not null)
        {
            // A window's total is not a bucket: it names every SKU its buckets name.
            total.BySku ??= new(StringComparer.Ordinal);
            foreach (var (sku, count) in BySku)
            {
                total.BySku[sku] = total.BySku.GetValueOrDefault(sku) + count;
            }
        }

        for (var i = 0; i < Completion.Length; i++)
        {
            Completion[i].AddTo(total.Completion[i]);
            Response[i].AddTo(total.Response[i]);
        }
    }

    private static void AddCounts(long[] counts, long[] total)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            total[i] += counts[i];
        }
    }
}
