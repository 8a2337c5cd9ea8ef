namespace RefundCluster.Grains.Storage;

/// <summary>
/// A <see cref="GroupCommit{TItem}"/> for writes that answer nothing but "done": the caller awaits its own item, which
/// completes when the write that carried it did (or faults with that write's failure).
/// </summary>
public sealed class GroupCommitWriter<T>
{
    private readonly GroupCommit<Pending> _commit;

    public GroupCommitWriter(Func<IReadOnlyList<T>, Task> write, GroupCommitOptions<T>? options = null)
    {
        var settings = options ?? new();
        _commit = new GroupCommit<Pending>(
            async batch =>
            {
                var items = new T[batch.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = batch[i].Item;
                }

                await write(items);
                foreach (var pending in batch)
                {
                    pending.Done.TrySetResult();
                }
            },
            (pending, e) => pending.Done.TrySetException(e),
            new GroupCommitOptions<Pending>
            {
                MaxBatch = settings.MaxBatch,
                Linger = settings.Linger,
                LingerBelow = settings.LingerBelow,
                KeyOf = settings.KeyOf is { } keyOf ? p => keyOf(p.Item) : null,
                SplitOn = settings.SplitOn,
            });
    }

    public Task Write(T item)
    {
        var pending = new Pending(item);
        _commit.Enqueue(pending);
        return pending.Done.Task;
    }

    private sealed record Pending(T Item)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
