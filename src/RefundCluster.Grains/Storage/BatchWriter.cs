namespace RefundCluster.Grains.Storage;

/// <summary>
/// Group commit: callers hand in items and await the write that carries them. One write runs at a time; everything
/// that arrives meanwhile goes into the next one, so under load many callers share one round trip to the database
/// instead of queueing for their own. Thread-safe, so one instance can serve a whole silo.
/// </summary>
public sealed class BatchWriter<T>(Func<IReadOnlyList<T>, Task> write, int maxBatch = 1000)
{
    private readonly Lock _gate = new();
    private List<T> _pending = [];
    private TaskCompletionSource _pendingDone = NewCompletion();
    private bool _writing;

    public Task Write(T item)
    {
        lock (_gate)
        {
            _pending.Add(item);
            var done = _pendingDone.Task;
            if (!_writing)
            {
                _writing = true;
                _ = Task.Run(DrainAsync);
            }

            return done;
        }
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<T> batch;
            TaskCompletionSource done;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _writing = false;
                    return;
                }

                (batch, done) = (_pending, _pendingDone);
                (_pending, _pendingDone) = ([], NewCompletion());
            }

            try
            {
                for (var i = 0; i < batch.Count; i += maxBatch)
                {
                    await write(batch.GetRange(i, Math.Min(maxBatch, batch.Count - i)));
                }

                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
