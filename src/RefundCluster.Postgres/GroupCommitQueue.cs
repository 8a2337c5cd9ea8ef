namespace RefundCluster.Postgres;

/// <summary>
/// Runs queued operations in batches, one batch at a time: whatever arrives while a batch runs goes into the next.
/// Each item carries its own completion, so one statement can answer every caller separately. Items with the same
/// key never share a batch (the second waits for the next), so that each sees the effect of the one before.
/// With a <c>linger</c>, a batch that would go with fewer than <c>lingerBelow</c> items waits that long once for more:
/// under moderate load, a few milliseconds turn one commit per item into one per dozens.
/// </summary>
public sealed class GroupCommitQueue<TItem, TKey>(
    Func<List<TItem>, Task> execute,
    Func<TItem, TKey> keyOf,
    Action<TItem, Exception> fail,
    int maxBatch = 500,
    TimeSpan linger = default,
    int lingerBelow = 64) where TKey : notnull
{
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
            if (linger > TimeSpan.Zero && Count < lingerBelow)
            {
                await Task.Delay(linger);
            }

            List<TItem> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _running = false;
                    return;
                }

                var seen = new HashSet<TKey>();
                batch = [];
                var rest = new List<TItem>();
                foreach (var item in _queue)
                {
                    (batch.Count < maxBatch && seen.Add(keyOf(item)) ? batch : rest).Add(item);
                }

                _queue = rest;
            }

            try
            {
                await execute(batch);
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
}
