using Microsoft.Extensions.Options;
using RefundCluster.Grains.Changes;

namespace RefundCluster.Cluster.Tests;

/// <summary>The embedded mode's change log past its capacity: a reader behind what it keeps is told, never silently skipped.</summary>
public sealed class MemoryChangeLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_reader_behind_the_dropped_changes_is_told_and_each_entitys_latest_change_is_kept()
    {
        var log = new MemoryChangeLog(Options.Create(new ChangeLogOptions { MemoryCapacity = 8 }));
        for (var i = 1; i <= 20; i++)
        {
            log.Append([new PendingChange("order.paid", "shop-1", $"o-{i % 5}", null, i, T0.AddSeconds(i), "{}")]);
        }

        var cancel = TestContext.Current.CancellationToken;
        var dropped = await Assert.ThrowsAsync<ChangesDroppedException>(() => log.Read(new ChangeQuery(0, [], [], 100), cancel));
        Assert.Equal(0, dropped.After);
        var kept = await log.Read(new ChangeQuery(dropped.Oldest - 1, [], [], 100), cancel);
        Assert.Equal(dropped.Oldest, kept[0].Cursor);
        Assert.Equal(20, kept[^1].Cursor);

        var latest = await log.LatestOfShop("shop-1", cancel);
        Assert.Equal(5, latest.Latest.Count); // every order's latest change, dropped from the log or not
        Assert.Equal([16, 17, 18, 19, 20], latest.Latest.Select(c => c.Version).Order());
        Assert.Equal(20, latest.Through);
    }
}
