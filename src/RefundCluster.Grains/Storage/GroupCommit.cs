namespace RefundCluster.Grains.Storage;

/// <summary>
/// Group commit, the one batcher of the write paths: queued items run in batches, one batch at a time, and whatever
/// arrives while a batch runs goes into the next, so under load many callers share one round trip instead of queueing
/// for their own. Each item carries its own completion: <c>execute</c> answers each item, and when it throws, every item
/// of the batch is failed with the exception (<c>fail</c>) unless <see cref="GroupCommitOptions{TItem}.SplitOn"/> says
/// the failure may be one item's own (a statement refused for its data): then the batch is run again in halves, down to
/// single items, so a bad item fails alone and the others still commit. Thread-safe: one instance serves a whole silo.
/// </summary>
public sealed class GroupCommit<TItem>(Func<List<TItem>, Task> execute, Action<TItem, Exception> fail, GroupCommitOptions<TItem>? options = null)
{
    private readonly GroupCommitOptions<TItem> _options = options ?? new();
    private readonly Lock _gate = new();
    private List<TItem> _queue = [];
    private bool _running;

    public void Enqueue(TItem item)
    {
        lock (_gate)
        {
            _queue.Add(item);
            if (!_running)
            {
                _running = true;
                _ = Task.Run(Drain);
            }
        }
    }

    private int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    private async Task Drain()
    {
        while (true)
        {
            if (_options.Linger > TimeSpan.Zero && Count < _options.LingerBelow)
            {
                await Task.Delay(_options.Linger);
            }

            List<TItem> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _running = false;
                    return;
                }

                batch = Take();
            }

            await Run(batch);
        }
    }

    /// <summary>Up to <see cref="GroupCommitOptions{TItem}.MaxBatch"/> items, at most one per key; the rest stay queued in order.</summary>
    private List<TItem> Take()
    {
        if (_options.KeyOf is null && _queue.Count <= _options.MaxBatch)
        {
            var all = _queue;
            _queue = [];
            return all;
        }

        var seen = _options.KeyOf is null ? null : new HashSet<object>();
        var batch = new List<TItem>(Math.Min(_queue.Count, _options.MaxBatch));
        var rest = new List<TItem>();
        foreach (var item in _queue)
        {
            (batch.Count < _options.MaxBatch && (seen is null || seen.Add(_options.KeyOf!(item))) ? batch : rest).Add(item);
        }

        _queue = rest;
        return batch;
    }

    private async Task Run(List<TItem> batch)
    {
        try
        {
            await execute(batch);
        }
        catch (Exception e) when (batch.Count > 1 && _options.SplitOn?.Invoke(e) == true)
        {
            var half = batch.Count / 2;
            await Run(batch.GetRange(0, half));
            await Run(batch.GetRange(half, batch.Count - half));
        }
        catch (Exception e)
        {
            foreach (var item in batch)
            {
                fail(item, e);
            }
        }
    }
}
