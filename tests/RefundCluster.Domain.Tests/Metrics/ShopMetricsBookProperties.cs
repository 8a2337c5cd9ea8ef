using System.Collections.Immutable;
using CsCheck;
using RefundCluster.Domain.Metrics;

namespace RefundCluster.Domain.Tests.Metrics;

/// <summary>
/// The incremental book must agree with the plain recomputation over the latest fact of each refund and order, for
/// every window, whatever order facts arrive in and however often they are redelivered.
/// </summary>
public sealed class ShopMetricsBookProperties
{
    private static readonly DateTimeOffset Start = new(2026, 11, 10, 16, 0, 0, TimeSpan.Zero);

    /// <summary>One refund version: which refund, at which version, and its facts (offsets in minutes from Start).</summary>
    private sealed record Delivery(int Refund, int Version, int RequestedMinute, int? EndedAfterMinutes, int Flags, int Scenario, int Status, int Reason);

    private static readonly Gen<Delivery> DeliveryGen = Gen.Select(
        Gen.Int[0, 30], Gen.Int[1, 6], Gen.Int[0, 60 * 24 * 40], Gen.Int[-1, 60 * 24 * 3], Gen.Int[0, 2047],
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 9], Gen.Int[0, 21], (s, t, r) => (s, t, r)),
        (refund, version, requested, ended, flags, rest) =>
            new Delivery(refund, version, requested, ended < 0 ? null : ended, flags, rest.s, rest.t, rest.r));

    private static readonly Gen<(int Order, int Version, int PaidMinute, OrderStatus Status)> OrderGen =
        Gen.Select(Gen.Int[0, 20], Gen.Int[1, 4], Gen.Int[0, 60 * 24 * 40], Gen.Enum<OrderStatus>(), (o, v, m, s) => (o, v, m, s));

    [Fact]
    public void Book_agrees_with_recomputation_over_latest_versions()
    {
        // The reader's clock is never behind the facts by more than skew (here: never behind); how far ahead varies
        // from minutes (short windows see facts) to weeks.
        var ahead = Gen.OneOf(Gen.Int[0, 90], Gen.Int[0, 60 * 24], Gen.Int[0, 60 * 24 * 45]);
        Gen.Select(DeliveryGen.Array[1, 80], OrderGen.Array[0, 30], ahead).Sample((deliveries, orders, minutesAhead) =>
        {
            var (book, latestRefunds, latestOrders) = Fill(deliveries, orders);

            var latest = latestRefunds.Values.SelectMany(r => new[] { r.RequestedAt, r.EndedAt ?? r.RequestedAt })
                .Concat(deliveries.Select(d => ToFact(d)).SelectMany(r => new[] { r.RequestedAt, r.EndedAt ?? r.RequestedAt }))
                .Concat(orders.Select(o => Start.AddMinutes(o.PaidMinute))).Max();
            var now = latest.AddMinutes(minutesAhead).AddSeconds(17);
            foreach (var window in MetricWindows.All)
            {
                var live = book.Compute(window, now);
                var recomputed = ShopMetricsCalculator.Compute(latestRefunds.Values, latestOrders.Values, window, now);
                MetricsAssert.Equal(recomputed, live);
            }
        }, iter: 500);
    }

    [Fact]
    public void Each_step_of_a_series_agrees_with_recomputation_over_its_hour_or_day()
    {
        // A step is the window of its own length that ends where the step ends: an hour (minute buckets in the
        // recomputation, hour buckets in the series) or a day of 24 hours from midnight at the offset.
        var offsets = Gen.Int[-12, 14].Select(h => TimeSpan.FromHours(h));
        Gen.Select(DeliveryGen.Array[1, 60], OrderGen.Array[0, 20], Gen.Enum<SeriesInterval>(), offsets).Sample((deliveries, orders, interval, offset) =>
        {
            var (book, latestRefunds, latestOrders) = Fill(deliveries, orders);

            // The book keeps 31 days of hours behind the newest moment it saw; the series asks for the last 30.
            var newest = deliveries.Select(ToFact).SelectMany(r => new[] { r.RequestedAt, r.EndedAt ?? r.RequestedAt, r.DisputeRaisedAt ?? r.RequestedAt })
                .Concat(orders.Select(o => Start.AddMinutes(o.PaidMinute))).Max();
            var (from, to) = (newest.AddDays(-30), newest.AddHours(1));
            var steps = book.Series(interval, from, to, offset);

            var expectedStarts = new List<DateTimeOffset>();
            for (var start = interval.StartOf(from, offset); start < to; start += interval.Length())
            {
                if (start >= from)
                {
                    expectedStarts.Add(start);
                }
            }

            Assert.Equal(expectedStarts, steps.Select(s => s.AsOf - interval.Length()));
            foreach (var step in steps)
            {
                var recomputed = ShopMetricsCalculator.Compute(latestRefunds.Values, latestOrders.Values, interval.Window(), step.AsOf.AddSeconds(-1));
                MetricsAssert.Equal(recomputed, step);
            }

            Assert.Equal(latestRefunds.Values.Count(r => r.RequestedAt >= steps[0].AsOf - interval.Length() && r.RequestedAt < steps[^1].AsOf), steps.Sum(s => s.Refunds));
        }, iter: 60);
    }

    [Fact]
    public void A_changed_quality_reason_list_reads_every_window_under_the_new_list()
    {
        // A shop's policy names its quality reasons; the book counts 首次品退率 by whichever list it was last given, the
        // facts counted before the change included, and agrees with a recomputation under that list.
        var reasons = Gen.Int[0, (1 << 22) - 1].Select(bits =>
            Enum.GetValues<RefundReason>().Where(r => (bits & (1 << (int)r)) != 0).ToImmutableHashSet());
        Gen.Select(DeliveryGen.Array[1, 60], OrderGen.Array[0, 20], reasons).Sample((deliveries, orders, list) =>
        {
            var (book, latestRefunds, latestOrders) = Fill(deliveries, orders);
            var now = Start.AddDays(44).AddSeconds(17); // after every fact (requests within 40 days, ends within 3 more)
            var definition = new MetricsDefinition { QualityReasons = list };
            _ = book.Compute(MetricWindow.ThirtyDays, now); // cached under the old list
            var version = book.Version;

            Assert.Equal(!list.SetEquals(RefundReasons.DefaultQualityReasons), book.Redefine(definition));
            Assert.Equal(list.SetEquals(RefundReasons.DefaultQualityReasons) ? version : version + 1, book.Version);
            Assert.False(book.Redefine(new MetricsDefinition { QualityReasons = [.. list] }));
            foreach (var window in MetricWindows.All)
            {
                MetricsAssert.Equal(ShopMetricsCalculator.Compute(latestRefunds.Values, latestOrders.Values, window, now, definition), book.Compute(window, now));
            }
        }, iter: 200);
    }

    [Fact]
    public void A_day_starts_at_midnight_at_the_offset()
    {
        var book = new ShopMetricsBook();
        var beijingMidnight = new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.FromHours(8));
        book.Apply(new OrderFact { OrderId = "before", Version = 1, Status = OrderStatus.Paid, PaidAt = beijingMidnight.AddSeconds(-1) });
        book.Apply(new OrderFact { OrderId = "after", Version = 1, Status = OrderStatus.Paid, PaidAt = beijingMidnight });
        book.Apply(new OrderFact { OrderId = "late", Version = 1, Status = OrderStatus.Paid, PaidAt = beijingMidnight.AddHours(23).AddMinutes(59) });

        var days = book.Series(SeriesInterval.Day, beijingMidnight.AddDays(-1), beijingMidnight.AddDays(1), TimeSpan.FromHours(8));

        Assert.Equal([beijingMidnight.AddDays(-1), beijingMidnight], days.Select(d => d.AsOf.AddDays(-1)));
        Assert.Equal([1L, 2L], days.Select(d => d.PaidOrders));
        var utcDays = book.Series(SeriesInterval.Day, beijingMidnight.AddDays(-1), beijingMidnight.AddDays(1), TimeSpan.Zero);
        Assert.Equal([2L, 1L], utcDays.Select(d => d.PaidOrders)); // UTC days: the 10th holds both sides of Beijing midnight
    }

    [Fact]
    public void Redelivering_every_fact_changes_nothing()
    {
        var book = new ShopMetricsBook();
        var facts = Enumerable.Range(0, 50).Select(i => ToFact(new Delivery(i, 1 + (i % 3), i * 7, i % 2 == 0 ? i : null, i, i % 6, i % 10, i % 22))).ToList();
        facts.ForEach(f => book.Apply(f));
        var now = Start.AddDays(1);
        var before = MetricWindows.All.Select(w => book.Compute(w, now)).ToList();
        var version = book.Version;

        Assert.All(facts, f => Assert.False(book.Apply(f)));
        Assert.All(facts, f => Assert.False(book.Apply(f with { Version = f.Version - 1, Status = RefundStatus.Closed })));

        Assert.Equal(version, book.Version);
        Assert.Equal(before.Select(m => m.Refunds), MetricWindows.All.Select(w => book.Compute(w, now).Refunds));
    }

    [Fact]
    public void Late_end_moves_a_refund_from_open_to_ended_without_counting_it_twice()
    {
        var book = new ShopMetricsBook();
        var open = ToFact(new Delivery(1, 1, 0, null, 0, 0, 1, 0));
        book.Apply(open);
        book.Apply(open with { Version = 3, Status = RefundStatus.Succeeded, EndedAt = Start.AddMinutes(30), Automatic = true });
        book.Apply(open with { Version = 2, Status = RefundStatus.SellerRefused, Refused = true }); // arrives after v3: ignored

        var metrics = book.Compute(MetricWindow.OneHour, Start.AddMinutes(40));
        Assert.Equal(1, metrics.Refunds);
        Assert.Equal(1, metrics.Ended);
        Assert.Equal(1, metrics.EndedAutomatically);
        Assert.Equal(0, metrics.Refused);
        Assert.Equal(1, metrics.RefundsByStatus[RefundStatus.Succeeded]);
        Assert.False(metrics.RefundsByStatus.ContainsKey(RefundStatus.WaitingSellerAgree));
        Assert.Equal(1800, metrics.Completion[CompletionGroup.RefundOnly].AverageSeconds);
    }

    [Fact]
    public void A_dispute_counts_in_the_help_request_rate_when_the_buyer_raises_it_not_at_the_request()
    {
        var book = new ShopMetricsBook();
        var requested = ToFact(new Delivery(1, 1, 0, null, 0, 0, 1, 0)); // requested at Start
        book.Apply(requested);
        book.Apply(requested with { Version = 2, DisputeRaised = true, DisputeRaisedAt = Start.AddHours(2) });

        Assert.Equal(0, book.Compute(MetricWindow.OneHour, Start.AddMinutes(59)).Disputes);
        var later = book.Compute(MetricWindow.OneHour, Start.AddHours(2).AddMinutes(10));
        Assert.Equal((1L, 0L), (later.Disputes, later.Refunds)); // the refund itself counts in its request hour
    }

    [Fact]
    public void A_rebuild_correction_replaces_even_a_higher_version_that_was_never_stored()
    {
        var book = new ShopMetricsBook();
        var stored = ToFact(new Delivery(1, 2, 0, null, 0, 0, 1, 0));
        book.Apply(stored with { Version = 3, Status = RefundStatus.Succeeded, EndedAt = Start.AddMinutes(5) });

        Assert.False(book.Apply(stored)); // an ordinary message cannot go back a version...
        Assert.True(book.Correct(stored)); // ...but the entity's own state is the truth
        Assert.False(book.Correct(stored));

        var metrics = book.Compute(MetricWindow.OneHour, Start.AddMinutes(10));
        Assert.Equal(0, metrics.Ended);
        Assert.Equal(1, metrics.RefundsByStatus[RefundStatus.WaitingSellerAgree]);
    }

    [Fact]
    public void A_refund_or_order_kept_compact_once_it_ended_is_read_back_exactly()
    {
        // Ended refunds and settled orders are kept without their ids (SettledRefund, SettledOrder): each must come back
        // equal to the fact counted, or a rebuild would count a correction and a newer version would retract wrong counts.
        Gen.Select(DeliveryGen, Gen.Int[-600, 600]).Sample((delivery, offsetMinutes) =>
        {
            var book = new ShopMetricsBook();
            var offset = TimeSpan.FromMinutes(offsetMinutes / 15 * 15);
            var fact = ToFact(delivery with { EndedAfterMinutes = delivery.EndedAfterMinutes ?? 3 });
            fact = fact with { RequestedAt = fact.RequestedAt.ToOffset(offset), EndedAt = fact.EndedAt!.Value.ToOffset(offset) };
            var order = new OrderFact
            {
                OrderId = fact.OrderId, Version = delivery.Version, Status = OrderStatus.Completed, PaidAt = Start.ToOffset(offset),
                ShipBy = (delivery.Flags & 1) != 0 ? Start.AddDays(2) : null, ShipmentDelayed = (delivery.Flags & 2) != 0,
                LastTrackingAt = (delivery.Flags & 4) != 0 ? Start.AddHours(5) : null, LogisticsStalled = (delivery.Flags & 8) != 0,
            };

            Assert.True(book.Apply(fact));
            Assert.True(book.Apply(order));
            Assert.False(book.Correct(fact)); // equal to what the book holds: no correction
            Assert.False(book.Correct(order));
            Assert.Equal(fact.Version, book.VersionOf(fact.RefundId));
            Assert.True(book.IsOrderSettled(order.OrderId));
            Assert.Equal((1, 1), (book.RefundCount, book.OrderCount));
            Assert.Empty(book.OpenRefunds);

            // A newer version retracts exactly what the compact one counted.
            var reopened = fact with { Version = fact.Version + 1, EndedAt = null, Status = RefundStatus.WaitingSellerAgree };
            Assert.True(book.Apply(reopened));
            var now = fact.RequestedAt.AddHours(1);
            var metrics = book.Compute(MetricWindow.ThirtyDays, now);
            MetricsAssert.Equal(ShopMetricsCalculator.Compute([reopened], [order], MetricWindow.ThirtyDays, now), metrics);
            Assert.Equal(fact.OrderId, Assert.Single(book.OpenRefunds).OrderId);
        }, iter: 300);
    }

    [Fact]
    public void Windows_roll_forward_with_time()
    {
        var book = new ShopMetricsBook();
        book.Apply(new OrderFact { OrderId = "o1", Version = 1, Status = OrderStatus.Paid, PaidAt = Start });

        Assert.Equal(1, book.Compute(MetricWindow.FiveMinutes, Start.AddMinutes(4)).PaidOrders);
        Assert.Equal(0, book.Compute(MetricWindow.FiveMinutes, Start.AddMinutes(5)).PaidOrders);
        Assert.Equal(1, book.Compute(MetricWindow.OneHour, Start.AddMinutes(59)).PaidOrders);
        Assert.Equal(0, book.Compute(MetricWindow.OneHour, Start.AddMinutes(60)).PaidOrders);
        Assert.Equal(1, book.Compute(MetricWindow.OneDay, Start.AddHours(23)).PaidOrders);
        Assert.Equal(1, book.Compute(MetricWindow.ThirtyDays, Start.AddDays(29)).PaidOrders);
        Assert.Equal(0, book.Compute(MetricWindow.ThirtyDays, Start.AddDays(30)).PaidOrders);
    }

    /// <summary>A book fed every delivery and order in the order given, and the latest version of each (what the recomputation reads).</summary>
    private static (ShopMetricsBook Book, Dictionary<string, RefundFact> LatestRefunds, Dictionary<string, OrderFact> LatestOrders) Fill(
        Delivery[] deliveries, (int Order, int Version, int PaidMinute, OrderStatus Status)[] orders)
    {
        var book = new ShopMetricsBook();
        var latestRefunds = new Dictionary<string, RefundFact>();
        var latestOrders = new Dictionary<string, OrderFact>();
        foreach (var fact in deliveries.Select(ToFact))
        {
            book.Apply(fact);
            if (!latestRefunds.TryGetValue(fact.RefundId, out var known) || known.Version < fact.Version)
            {
                latestRefunds[fact.RefundId] = fact;
            }
        }

        foreach (var (order, version, paidMinute, status) in orders)
        {
            var fact = new OrderFact { OrderId = $"o{order}", Version = version, Status = status, PaidAt = Start.AddMinutes(paidMinute) };
            book.Apply(fact);
            if (!latestOrders.TryGetValue(fact.OrderId, out var known) || known.Version < fact.Version)
            {
                latestOrders[fact.OrderId] = fact;
            }
        }

        return (book, latestRefunds, latestOrders);
    }

    private static RefundFact ToFact(Delivery d)
    {
        var requested = Start.AddMinutes(d.RequestedMinute);
        var status = (RefundStatus)d.Status;
        var ended = d.EndedAfterMinutes is { } after ? requested.AddMinutes(after).AddSeconds(d.Flags % 60) : (DateTimeOffset?)null;
        return new RefundFact
        {
            RefundId = $"r{d.Refund}", OrderId = $"o{d.Refund % 20}", Version = d.Version, Scenario = (RefundScenario)d.Scenario,
            Status = status, RequestedAt = requested, FirstReason = (RefundReason)d.Reason, EndedAt = ended,
            TakenUpByPlatform = (d.Flags & 1) != 0, Automatic = (d.Flags & 2) != 0 || (d.Flags & 256) != 0, ClosedByTimer = (d.Flags & 256) != 0,
            ZeroSecond = (d.Flags & 4) != 0,
            Refused = (d.Flags & 8) != 0, DisputeRaised = (d.Flags & 16) != 0, MerchantResponsible = (d.Flags & 32) != 0,
            DisputeRaisedAt = (d.Flags & 16) != 0 ? requested.AddMinutes(d.Flags % 90) : null, Flagged = (d.Flags & 512) != 0,
            Interception = (InterceptionStatus)((d.Flags >> 6) & 3),
            FirstRespondedAt = (d.Flags & 1024) != 0 || ended is not null ? requested.AddMinutes(d.Flags % 45).AddSeconds(d.Reason) : null,
            // A refund's SKUs never change between its versions; up to 28 SKUs, past the top 20 the breakdown names.
            Skus = SkuList.Of([$"sku{d.Refund % 23}", $"sku{100 + (d.Refund % 5)}"]),
        };
    }
}
