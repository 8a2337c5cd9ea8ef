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
/// under the current and the candidate policy and adds the results up as they come. Orders are replayed a batch at a
/// time, in parallel (each order alone: nothing is shared but the policy), while the next batch is read and the one
/// before is added up, in order: two batches' lines are all that is held, so a month's recording is streamed, not
/// loaded (what grows is the two metric books, compact per refund, and the listed differences, capped).
/// </summary>
/// <param name="parallelism">How many orders are replayed at once (0: one per core).</param>
public sealed class WhatIf(ShopPolicy current, ShopPolicy candidate, DateTimeOffset from, DateTimeOffset to, int parallelism = 0)
{
    private readonly Side _current = new(current);
    private readonly Side _candidate = new(candidate);
    private readonly List<RefundDifference> _differences = [];
    /// <summary>Orders replayed together (in parallel): enough to keep both cores busy, few enough to hold.</summary>
    private const int BatchOrders = 2_048;

    private List<List<RecordedInput>> _batch = [];
    /// <summary>The batch being replayed in the background, if any.</summary>
    private Task<(List<List<RecordedInput>> Batch, (OrderReplay.Result Current, OrderReplay.Result Candidate)[] Results)>? _replaying;
    private string? _order;
    private bool _included;
    private int _orders;
    private int _differing;
    private long _events;
    private long _firings;

    /// <summary>Reads a recording (JSON lines, each order's lines together, as <see cref="IRecording.Read"/> and an export give them).</summary>
    public static async Task<WhatIfReport> Run(
        IAsyncEnumerable<string> lines, ShopPolicy current, ShopPolicy candidate, DateTimeOffset from, DateTimeOffset to, CancellationToken cancel,
        int parallelism = 0)
    {
        var whatIf = new WhatIf(current, candidate, from, to, parallelism);
        await foreach (var line in lines.WithCancellation(cancel))
        {
            whatIf.Add(Parse(line));
        }

        return whatIf.Finish();
    }

    public static RecordedInput Parse(string line) =>
        JsonSerializer.Deserialize<RecordedInput>(line, WireJson.Shared) ?? throw new JsonException("A recording line is null.");

    /// <summary>
    /// Takes the next line of a recording whose orders' lines come together, each order's first line first. Only the
    /// orders whose first line is in [from, to) are replayed, each with its lines before to, the selection
    /// <see cref="IRecording.Read"/> and an export make: a whole file can be handed in as it is.
    /// </summary>
    public void Add(RecordedInput line)
    {
        if (line.OrderId != _order)
        {
            _order = line.OrderId;
            _included = line.At >= from && line.At < to;
        }

        if (!_included || line.At >= to)
        {
            return;
        }

        if (_batch.Count == 0 || _batch[^1][0].OrderId != line.OrderId)
        {
            if (_batch.Count == BatchOrders)
            {
                AddUpReplayed();
                var batch = _batch;
                _replaying = Task.Run(() => (batch, Replay(batch)));
                _batch = [];
            }

            _batch.Add([]);
        }

        _batch[^1].Add(line);
    }

    public WhatIfReport Finish()
    {
        AddUpReplayed();
        AddUp(_batch, Replay(_batch));
        _batch = [];
        return new WhatIfReport
        {
            From = from, To = to, Orders = _orders, Events = _events, Firings = _firings,
            Current = _current.Report(to), Candidate = _candidate.Report(to),
            DifferingRefunds = _differing, Differences = [.. _differences],
        };
    }

    /// <summary>Waits for the batch replaying in the background and adds it up.</summary>
    private void AddUpReplayed()
    {
        if (_replaying is { } replaying)
        {
            var (batch, results) = replaying.GetAwaiter().GetResult();
            _replaying = null;
            AddUp(batch, results);
        }
    }

    private (OrderReplay.Result Current, OrderReplay.Result Candidate)[] Replay(List<List<RecordedInput>> batch)
    {
        // Threads of their own, not the pool's: the reader and this batch's thread already hold a 2-core machine's
        // minimum of pool threads, and Parallel.For waited for the pool to grow (measured: one core busy, not two).
        var results = new (OrderReplay.Result Current, OrderReplay.Result Candidate)[batch.Count];
        var next = -1;
        void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batch.Count)
            {
                results[i] = (_current.Replay(batch[i], to), _candidate.Replay(batch[i], to));
            }
        }

        var helpers = Enumerable.Range(1, Math.Max(1, parallelism > 0 ? parallelism : Environment.ProcessorCount) - 1)
            .Select(_ => Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToList();
        Work();
        Task.WaitAll(helpers);
        return results;
    }

    private void AddUp(List<List<RecordedInput>> batch, (OrderReplay.Result Current, OrderReplay.Result Candidate)[] results)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            Compare(batch[i][0].OrderId, results[i].Current, results[i].Candidate);
        }
    }

    private void Compare(string orderId, OrderReplay.Result now, OrderReplay.Result then)
    {
        _orders++;
        _current.Count(now);
        _candidate.Count(then);
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
                _differences.Add(new RefundDifference(id, orderId, a, b));
            }
        }
    }

    /// <summary>One policy's running totals.</summary>
    private sealed class Side(ShopPolicy policy)
    {
        /// <summary>首次品退率 counts the policy's own quality reasons, as the shop's live book does.</summary>
        private readonly ShopMetricsBook _book = new(MetricsDefinition.Of(policy));
        private readonly SortedDictionary<string, long> _skipped = new(StringComparer.Ordinal);
        private readonly long[] _bandRefunds = new long[AmountBand.Bounds.Length];
        private readonly decimal[] _bandAmounts = new decimal[AmountBand.Bounds.Length];
        private int _refunds;
        private decimal _refunded;
        private decimal _automatic;

        /// <summary>Pure: safe to call for several orders at once.</summary>
        public OrderReplay.Result Replay(IReadOnlyList<RecordedInput> lines, DateTimeOffset until) => OrderReplay.Run(lines, policy, until);

        /// <summary>Adds an order's replay to the totals (one at a time).</summary>
        public void Count(OrderReplay.Result result)
        {
            foreach (var code in result.Skipped)
            {
                _skipped[code] = _skipped.GetValueOrDefault(code) + 1;
            }

            if (result.Order is { } order)
            {
                Count(order);
            }
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
