using System.Collections.Immutable;
using System.Text.Json;
using RefundCluster.Contracts;
using RefundCluster.Contracts.Recording;
using RefundCluster.Domain.Metrics;
using RefundCluster.Domain.Orders;
using RefundCluster.Domain.Policies;
using RefundCluster.Domain.Refunds;

namespace RefundCluster.Grains.Recording;

/// <summary>
/// "What would this recording have looked like under another policy?" Replays each order (<see cref="OrderReplay"/>)
/// under the current and the candidate policy and adds the results up as they come: one order's lines in memory at a
/// time, so a month's recording is streamed, not loaded (what grows is the two metric books, compact per refund, and
/// the listed differences, capped).
/// </summary>
public sealed class WhatIf(ShopPolicy current, ShopPolicy candidate, DateTimeOffset from, DateTimeOffset to)
{
    private readonly Side _current = new(current);
    private readonly Side _candidate = new(candidate);
    private readonly List<RefundDifference> _differences = [];
    private readonly List<RecordedInput> _order = [];
    private int _orders;
    private int _differing;
    private long _events;
    private long _firings;

    /// <summary>Reads a recording (JSON lines, each order's lines together, as <see cref="IRecording.Read"/> and an export give them).</summary>
    public static async Task<WhatIfReport> Run(
        IAsyncEnumerable<string> lines, ShopPolicy current, ShopPolicy candidate, DateTimeOffset from, DateTimeOffset to, CancellationToken cancel)
    {
        var whatIf = new WhatIf(current, candidate, from, to);
        await foreach (var line in lines.WithCancellation(cancel))
        {
            whatIf.Add(Parse(line));
        }

        return whatIf.Finish();
    }

    public static RecordedInput Parse(string line) =>
        JsonSerializer.Deserialize<RecordedInput>(line, WireJson.Shared) ?? throw new JsonException("A recording line is null.");

    public void Add(RecordedInput line)
    {
        if (_order.Count > 0 && _order[0].OrderId != line.OrderId)
        {
            ReplayOrder();
        }

        _order.Add(line);
    }

    public WhatIfReport Finish()
    {
        ReplayOrder();
        return new WhatIfReport
        {
            From = from, To = to, Orders = _orders, Events = _events, Firings = _firings,
            Current = _current.Report(to), Candidate = _candidate.Report(to),
            DifferingRefunds = _differing, Differences = [.. _differences],
        };
    }

    private void ReplayOrder()
    {
        if (_order.Count == 0)
        {
            return;
        }

        _orders++;
        var now = _current.Replay(_order, to);
        var then = _candidate.Replay(_order, to);
        _events += now.Events;
        _firings += now.Firings;
        var ids = (now.Order?.Refunds.Keys ?? []).Union(then.Order?.Refunds.Keys ?? [], StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var a = now.Order?.Refund(id) is { } x ? RefundEnd.Of(x) : null;
            var b = then.Order?.Refund(id) is { } y ? RefundEnd.Of(y) : null;
            if (a is null ? b is null : a.SameOutcome(b))
            {
                continue;
            }

            _differing++;
            if (_differences.Count < WhatIfReport.MaxDifferencesListed)
            {
                _differences.Add(new RefundDifference(id, _order[0].OrderId, a, b));
            }
        }

        _order.Clear();
    }

    /// <summary>One policy's running totals.</summary>
    private sealed class Side(ShopPolicy policy)
    {
        private readonly ShopMetricsBook _book = new();
        private readonly SortedDictionary<string, long> _skipped = new(StringComparer.Ordinal);
        private readonly long[] _bandRefunds = new long[AmountBand.Bounds.Length];
        private readonly decimal[] _bandAmounts = new decimal[AmountBand.Bounds.Length];
        private int _refunds;
        private decimal _refunded;
        private decimal _automatic;

        public OrderReplay.Result Replay(IReadOnlyList<RecordedInput> lines, DateTimeOffset until)
        {
            var result = OrderReplay.Run(lines, policy, until);
            foreach (var code in result.Skipped)
            {
                _skipped[code] = _skipped.GetValueOrDefault(code) + 1;
            }

            if (result.Order is { } order)
            {
                Count(order);
            }

            return result;
        }

        private void Count(OrderAggregate order)
        {
            _book.Apply(OrderFact.Of(order.Order));
            foreach (var refund in order.Refunds.Values)
            {
                _book.Apply(RefundFact.Of(refund));
                _refunds++;
                _refunded += refund.RefundedAmount;
                if (refund.RefundedAmount > 0 && refund.EndedByAutomation != Automation.None)
                {
                    _automatic += refund.RefundedAmount;
                    var band = AmountBand.IndexOf(refund.RefundedAmount);
                    _bandRefunds[band]++;
                    _bandAmounts[band] += refund.RefundedAmount;
                }
            }
        }

        public WhatIfSide Report(DateTimeOffset to) => new()
        {
            Metrics = _book.Compute(MetricWindow.ThirtyDays, to),
            Refunds = _refunds,
            RefundedAmount = _refunded,
            RefundedAutomatically = _automatic,
            AutomaticByBand = [.. AmountBand.Bounds.Select((from, i) => new AmountBand(
                from, i + 1 < AmountBand.Bounds.Length ? AmountBand.Bounds[i + 1] : null, _bandRefunds[i], _bandAmounts[i]))],
            SkippedEvents = _skipped.Values.Sum(),
            SkippedByCode = _skipped.ToImmutableSortedDictionary(StringComparer.Ordinal),
        };
    }
}
