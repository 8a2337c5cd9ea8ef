using System.Collections.Immutable;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Domain.Metrics;

/// <summary>
/// A shop's live indicators, kept incrementally: the latest fact per refund and order (compact once it ended or
/// settled: <see cref="SettledRefund"/>, <see cref="SettledOrder"/>), and counts per minute bucket
/// (last hour) and hour bucket (last 30 days). A newer version of a fact retracts the old one's counts and adds its
/// own; an older or equal version is ignored, so redelivery and reordering never double count. Reading a window sums
/// at most 720 buckets, and the result is cached until a fact or the current bucket changes.
/// Facts must not be from the reader's future by an hour or more (clock skew between silos is seconds): a fact
/// recycles minute slots and retires hour buckets relative to the newest time it has seen.
/// The <see cref="MetricsDefinition"/> is applied when the figures are read (首次品退率 sums the buckets' counts by first
/// reason over the quality reasons), so it can change at any time (<see cref="Redefine"/>) without recounting a fact.
/// </summary>
public sealed class ShopMetricsBook(MetricsDefinition? definition = null)
{
    private const int MinuteSlots = 60;
    private static readonly TimeSpan HourRetention = TimeSpan.FromDays(31);

    private MetricsDefinition _definition = definition ?? MetricsDefinition.Default;
    private readonly IdDigest _digest = new();
    /// <summary>Refunds still open (or whose fact does not fit a <see cref="SettledRefund"/>), whole.</summary>
    private readonly Dictionary<string, RefundFact> _refunds = new(StringComparer.Ordinal);
    /// <summary>Refunds that ended, compact, by <see cref="IdDigest"/>: most of what a busy shop's book holds.</summary>
    private readonly Dictionary<ulong, SettledRefund> _settledRefunds = [];
    private readonly Dictionary<string, OrderFact> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, SettledOrder> _settledOrders = [];
    /// <summary>Refunds and orders that can be on a risk list; the rest never need looking at again.</summary>
    private readonly HashSet<string> _watchedRefunds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _watchedOrders = new(StringComparer.Ordinal);
    private readonly MetricCounters[] _minutes = [.. Enumerable.Range(0, MinuteSlots).Select(_ => new MetricCounters())];
    private readonly long[] _minuteOf = [.. Enumerable.Repeat(long.MinValue, MinuteSlots)];
    private readonly Dictionary<long, MetricCounters> _hours = [];
    private readonly Dictionary<MetricWindow, (long Version, long Bucket, ShopMetrics Metrics)> _cache = [];
    private long _newestHour = long.MinValue;

    /// <summary>Grows with every accepted change, and with a change of the definition.</summary>
    public long Version { get; private set; }

    public MetricsDefinition Definition => _definition;

    /// <summary>Reads every window and series, the past included, under <paramref name="definition"/> from now on.</summary>
    /// <returns>Whether the figures change (the definition counts differently from the one the book had).</returns>
    public bool Redefine(MetricsDefinition definition)
    {
        if (definition.CountsAs(_definition))
        {
            return false;
        }

        _definition = definition;
        Version++;
        return true;
    }

    public int RefundCount => _refunds.Count + _settledRefunds.Count;

    public int OrderCount => _orders.Count + _settledOrders.Count;

    /// <summary>The refunds that have not ended.</summary>
    public IEnumerable<RefundFact> OpenRefunds => _refunds.Values.Where(r => !r.IsTerminal);

    public int? VersionOf(string refundId) =>
        _refunds.TryGetValue(refundId, out var fact) ? fact.Version
        : _settledRefunds.TryGetValue(_digest.Of(refundId), out var settled) ? settled.Version
        : null;

    public int? OrderVersionOf(string orderId) =>
        _orders.TryGetValue(orderId, out var fact) ? fact.Version
        : _settledOrders.TryGetValue(_digest.Of(orderId), out var settled) ? settled.Version
        : null;

    /// <summary>Whether the order is in the book in a final status (completed or closed).</summary>
    public bool IsOrderSettled(string orderId) =>
        _orders.TryGetValue(orderId, out var fact) ? fact.IsSettled : _settledOrders.ContainsKey(_digest.Of(orderId));

    /// <returns>Whether the fact was newer than what the book had.</returns>
    public bool Apply(RefundFact fact) => Apply(fact, authoritative: false);

    /// <summary>
    /// Takes the fact as read from the refund itself (a rebuild): it replaces whatever the book had unless equal, even a
    /// higher version (which only a message about a state that was never stored could have brought).
    /// </summary>
    /// <returns>Whether the book changed.</returns>
    public bool Correct(RefundFact fact) => Apply(fact, authoritative: true);

    /// <returns>Whether the book changed.</returns>
    public bool Correct(OrderFact fact) => Apply(fact, authoritative: true);

    private bool Apply(RefundFact fact, bool authoritative)
    {
        var digest = _digest.Of(fact.RefundId);
        var known = Known(fact, digest);
        if (known is not null)
        {
            // A compact entry does not keep the SKUs (they never change): they take no part in the comparison.
            if (authoritative ? known == fact with { Skus = known.Skus } : known.Version >= fact.Version)
            {
                return false;
            }

            Count(known, -1);
            CountSkus(fact.Skus, known.RequestedAt, -1);
        }

        Keep(fact, digest);
        Count(fact, +1);
        CountSkus(fact.Skus, fact.RequestedAt, +1);
        Watch(_watchedRefunds, fact.RefundId, !fact.IsTerminal && (fact.SellerResponseDue is not null || fact.ReturnSignedAt is not null));
        Version++;
        return true;
    }

    /// <returns>Whether the fact was newer than what the book had.</returns>
    public bool Apply(OrderFact fact) => Apply(fact, authoritative: false);

    private bool Apply(OrderFact fact, bool authoritative)
    {
        var digest = _digest.Of(fact.OrderId);
        if (Known(fact, digest) is { } known)
        {
            if (authoritative ? known == fact : known.Version >= fact.Version)
            {
                return false;
            }

            CountPaid(known.PaidAt, -1);
        }

        Keep(fact, digest);
        CountPaid(fact.PaidAt, +1);
        Watch(_watchedOrders, fact.OrderId, fact.Status is OrderStatus.Paid or OrderStatus.Shipped);
        Version++;
        return true;
    }

    public ShopMetrics Compute(MetricWindow window, DateTimeOffset now)
    {
        var granularity = window.Granularity();
        var current = MetricWindows.BucketOf(now, granularity);
        if (_cache.TryGetValue(window, out var cached) && cached.Version == Version && cached.Bucket == current)
        {
            return cached.Metrics with { AsOf = now };
        }

        var total = new MetricCounters();
        for (var bucket = current - window.BucketCount() + 1; bucket <= current; bucket++)
        {
            Bucket(granularity, bucket)?.AddTo(total);
        }

        var metrics = ToMetrics(total, window, now);
        _cache[window] = (Version, current, metrics);
        return metrics;
    }

    /// <summary>
    /// The shop's figures step by step, for the steps that start in [<paramref name="from"/>, <paramref name="to"/>): each
    /// point is the metrics of one hour (or one day of 24 hours from midnight at <paramref name="dayOffset"/>), its
    /// <see cref="ShopMetrics.AsOf"/> the step's end. Read from the hour buckets, so it reaches back
    /// <see cref="SeriesIntervals.Reach"/>; older steps are empty.
    /// </summary>
    public IReadOnlyList<ShopMetrics> Series(SeriesInterval interval, DateTimeOffset from, DateTimeOffset to, TimeSpan dayOffset)
    {
        var points = new List<ShopMetrics>();
        var hoursPerStep = (int)(interval.Length() / MetricWindows.Hour);
        for (var start = interval.StartOf(from, dayOffset); start < to; start += interval.Length())
        {
            if (start < from)
            {
                continue;
            }

            var total = new MetricCounters();
            var first = MetricWindows.BucketOf(start, MetricWindows.Hour);
            for (var hour = first; hour < first + hoursPerStep; hour++)
            {
                _hours.GetValueOrDefault(hour)?.AddTo(total);
            }

            points.Add(ToMetrics(total, interval.Window(), start + interval.Length()));
        }

        return points;
    }

    public ShopRisks Risks(DateTimeOffset now, RiskThresholds? thresholds = null) =>
        ShopRiskCalculator.Compute(_watchedRefunds.Select(id => _refunds[id]), _watchedOrders.Select(id => _orders[id]), now, thresholds);

    /// <summary>The version the book counted of this refund, read back whole (ids from the newer fact: they never change).</summary>
    private RefundFact? Known(RefundFact fact, ulong digest) =>
        _refunds.TryGetValue(fact.RefundId, out var known) ? known
        : _settledRefunds.TryGetValue(digest, out var settled) ? settled.ToFact(fact.RefundId, fact.OrderId)
        : null;

    private OrderFact? Known(OrderFact fact, ulong digest) =>
        _orders.TryGetValue(fact.OrderId, out var known) ? known
        : _settledOrders.TryGetValue(digest, out var settled) ? settled.ToFact(fact.OrderId)
        : null;

    /// <summary>
    /// Stores the fact where it belongs, taking the old version out of the other map. A compact entry is removed only
    /// when the whole map did not hold the id (so it was the one <see cref="Known(RefundFact, ulong)"/> read): a
    /// digest shared with another id must never delete that other entity's entry.
    /// </summary>
    private void Keep(RefundFact fact, ulong digest)
    {
        var wasWhole = _refunds.Remove(fact.RefundId);
        if (SettledRefund.Fits(fact))
        {
            _settledRefunds[digest] = SettledRefund.Of(fact);
        }
        else
        {
            if (!wasWhole)
            {
                _settledRefunds.Remove(digest);
            }

            _refunds[fact.RefundId] = fact;
        }
    }

    private void Keep(OrderFact fact, ulong digest)
    {
        var wasWhole = _orders.Remove(fact.OrderId);
        if (SettledOrder.Fits(fact))
        {
            _settledOrders[digest] = SettledOrder.Of(fact);
        }
        else
        {
            if (!wasWhole)
            {
                _settledOrders.Remove(digest);
            }

            _orders[fact.OrderId] = fact;
        }
    }

    private static void Watch(HashSet<string> watched, string id, bool watch)
    {
        if (watch)
        {
            watched.Add(id);
        }
        else
        {
            watched.Remove(id);
        }
    }

    private void Count(RefundFact fact, int sign)
    {
        foreach (var counters in BucketsAt(fact.RequestedAt, sign))
        {
            counters.AddRequested(fact, sign);
        }

        if (fact.DisputeRaisedAt is { } disputed)
        {
            foreach (var counters in BucketsAt(disputed, sign))
            {
                counters.AddDisputed(sign);
            }
        }

        if (fact.FirstRespondedAt is { } answered)
        {
            foreach (var counters in BucketsAt(answered, sign))
            {
                counters.AddResponded(fact, sign);
            }
        }

        if (fact.EndedAt is { } ended)
        {
            foreach (var counters in BucketsAt(ended, sign))
            {
                counters.AddEnded(fact, sign);
            }
        }
    }

    /// <summary>
    /// A refund's SKUs at its request time. The newer fact's SKUs retract the older version's too: a refund's SKUs never
    /// change, and a compact entry (<see cref="SettledRefund"/>) does not keep them.
    /// </summary>
    private void CountSkus(SkuList skus, DateTimeOffset requestedAt, int sign)
    {
        foreach (var counters in BucketsAt(requestedAt, sign))
        {
            counters.AddSkus(skus, sign);
        }
    }

    private void CountPaid(DateTimeOffset paidAt, int sign)
    {
        foreach (var counters in BucketsAt(paidAt, sign))
        {
            counters.PaidOrders += sign;
        }
    }

    /// <summary>
    /// The minute and hour buckets a moment counts in. Adding claims a recycled minute slot only for a newer minute;
    /// retracting touches a bucket only if it still holds that moment (else its counts already left with it).
    /// </summary>
    private IEnumerable<MetricCounters> BucketsAt(DateTimeOffset at, int sign)
    {
        var minute = MetricWindows.BucketOf(at, MetricWindows.Minute);
        var slot = (int)(((minute % MinuteSlots) + MinuteSlots) % MinuteSlots);
        if (_minuteOf[slot] == minute)
        {
            yield return _minutes[slot];
        }
        else if (sign > 0 && minute > _minuteOf[slot])
        {
            _minutes[slot].Clear();
            _minuteOf[slot] = minute;
            yield return _minutes[slot];
        }

        var hour = MetricWindows.BucketOf(at, MetricWindows.Hour);
        if (_hours.TryGetValue(hour, out var hourly))
        {
            yield return hourly;
        }
        else if (sign > 0)
        {
            _hours[hour] = hourly = new MetricCounters();
            yield return hourly;
            if (hour > _newestHour)
            {
                _newestHour = hour;
                PruneHours();
            }
        }
    }

    private void PruneHours()
    {
        var oldest = _newestHour - (long)(HourRetention / MetricWindows.Hour);
        foreach (var hour in _hours.Keys.Where(h => h < oldest).ToList())
        {
            _hours.Remove(hour);
        }
    }

    private MetricCounters? Bucket(TimeSpan granularity, long bucket)
    {
        if (granularity == MetricWindows.Hour)
        {
            return _hours.GetValueOrDefault(bucket);
        }

        var slot = (int)(((bucket % MinuteSlots) + MinuteSlots) % MinuteSlots);
        return _minuteOf[slot] == bucket ? _minutes[slot] : null;
    }

    private ShopMetrics ToMetrics(MetricCounters total, MetricWindow window, DateTimeOffset now) => new()
    {
        Window = window,
        AsOf = now,
        PaidOrders = total.PaidOrders,
        Refunds = total.Refunds,
        RefundsByScenario = NonZero(total.ByScenario, i => (RefundScenario)i),
        RefundsByStatus = NonZero(total.ByStatus, i => (RefundStatus)i),
        RefundsByFirstReason = NonZero(total.ByFirstReason, i => (RefundReason)i),
        RefundsBySku = total.BySku is null && total.OtherSkus == 0 ? SkuBreakdown.Empty : SkuBreakdown.Of(total.BySku ?? [], total.OtherSkus),
        Refused = total.Refused,
        Disputes = total.Disputes,
        QualityFirstReason = _definition.QualityReasons.Sum(reason => total.ByFirstReason[(int)reason]),
        InterceptionRequests = total.InterceptionRequests,
        Intercepted = total.Intercepted,
        FlaggedRefunds = total.Flagged,
        Ended = total.Ended,
        SelfCompleted = total.SelfCompleted,
        EndedAutomatically = total.EndedAutomatically,
        ClosedByTimer = total.ClosedByTimer,
        EndedZeroSecond = total.EndedZeroSecond,
        MerchantResponsible = total.MerchantResponsible,
        Completion = CompletionGroups.All
            .Where(g => total.Completion[(int)g].Count > 0)
            .ToImmutableDictionary(g => g, g => total.Completion[(int)g].ToStats()),
        Response = CompletionGroups.All
            .Where(g => total.Response[(int)g].Count > 0)
            .ToImmutableDictionary(g => g, g => total.Response[(int)g].ToStats()),
    };

    private static ImmutableDictionary<TKey, long> NonZero<TKey>(long[] counts, Func<int, TKey> key)
        where TKey : notnull =>
        Enumerable.Range(0, counts.Length).Where(i => counts[i] != 0).ToImmutableDictionary(key, i => counts[i]);
}
