using RefundCluster.Grains.Storage;

namespace RefundCluster.Cluster.Tests;

/// <summary>The write paths' one batcher: batches form while one runs, each item answered on its own.</summary>
public sealed class GroupCommitTests
{
    [Fact]
    public async Task Items_arriving_while_a_batch_runs_share_the_next_one()
    {
        var release = new TaskCompletionSource();
        var batches = new List<int[]>();
        var writer = new GroupCommitWriter<int>(async items =>
        {
            lock (batches)
            {
                batches.Add([.. items]);
            }

            await release.Task;
        });

        var first = writer.Write(0);
        await WaitUntil(() => batches.Count == 1);
        var rest = Enumerable.Range(1, 50).Select(writer.Write).ToArray();
        Assert.False(first.IsCompleted);

        release.SetResult();
        await Task.WhenAll(rest.Append(first));

        Assert.Equal([[0], [.. Enumerable.Range(1, 50)]], batches);
    }

    [Fact]
    public async Task A_batch_never_holds_two_items_of_one_key_nor_more_than_its_maximum()
    {
        var batches = new List<List<(string Key, int N)>>();
        var gate = new TaskCompletionSource();
        var commit = new GroupCommit<(string Key, int N, TaskCompletionSource Done)>(
            async batch =>
            {
                lock (batches)
                {
                    batches.Add([.. batch.Select(b => (b.Key, b.N))]);
                }

                await gate.Task;
                foreach (var item in batch)
                {
                    item.Done.SetResult();
                }
            },
            (item, e) => item.Done.SetException(e),
            new() { KeyOf = i => i.Key, MaxBatch = 3 });

        var items = new[] { ("a", 0), ("a", 1), ("b", 2), ("c", 3), ("d", 4), ("a", 5) }
            .Select(i => (i.Item1, i.Item2, Done: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))).ToArray();
        var blocker = (Key: "z", N: -1, Done: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        commit.Enqueue(blocker);
        await WaitUntil(() => batches.Count == 1);
        foreach (var item in items)
        {
            commit.Enqueue(item);
        }

        gate.SetResult();
        await Task.WhenAll(items.Select(i => i.Done.Task));

        // Queue order is kept: "a" 1 waits for the batch after "a" 0's, and the batch maximum leaves "d" for the next.
        Assert.Equal([[("z", -1)], [("a", 0), ("b", 2), ("c", 3)], [("a", 1), ("d", 4)], [("a", 5)]], batches);
    }

    [Fact]
    public async Task A_failure_the_batch_cannot_be_split_over_fails_every_item_of_that_batch_and_only_that_batch()
    {
        var gate = new TaskCompletionSource();
        var calls = 0;
        var writer = new GroupCommitWriter<int>(async items =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await gate.Task;
                return;
            }

            throw new InvalidOperationException("connection lost");
        });

        var first = writer.Write(0);
        await WaitUntil(() => Volatile.Read(ref calls) == 1);
        var failing = Enumerable.Range(1, 4).Select(writer.Write).ToArray();
        gate.SetResult();

        await first;
        foreach (var item in failing)
        {
            Assert.Equal("connection lost", (await Assert.ThrowsAsync<InvalidOperationException>(() => item)).Message);
        }

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_failure_that_may_be_one_items_own_fails_that_item_alone_and_commits_the_others()
    {
        var committed = new List<int>();
        var batches = 0;
        var gate = new TaskCompletionSource();
        var writer = new GroupCommitWriter<int>(
            async items =>
            {
                if (Interlocked.Increment(ref batches) == 1)
                {
                    await gate.Task;
                }

                if (items.Contains(13))
                {
                    throw new ArgumentException("13 is refused");
                }

                lock (committed)
                {
                    committed.AddRange(items);
                }
            },
            new() { SplitOn = e => e is ArgumentException });

        var blocker = writer.Write(0);
        await WaitUntil(() => Volatile.Read(ref batches) == 1);
        var writes = Enumerable.Range(10, 8).Select(n => (N: n, Task: writer.Write(n))).ToArray();
        gate.SetResult();
        await blocker;
        await Task.WhenAll(writes.Select(w => w.Task).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        foreach (var (n, task) in writes)
        {
            Assert.Equal(n == 13 ? TaskStatus.Faulted : TaskStatus.RanToCompletion, task.Status);
        }

        Assert.Equal([0, .. writes.Select(w => w.N).Where(n => n != 13)], committed.Order());
        // After the blocker: the eight, their halves (10-13, 14-17), 10-13's halves, then 12 and 13 alone.
        Assert.Equal(8, batches);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
