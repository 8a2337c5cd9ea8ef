using RefundCluster.Contracts.Lists;
using RefundCluster.Grains.Lists;

namespace RefundCluster.Cluster.Tests;

/// <summary>The list index against a plain model: pages in order, every item once, stable under writes between pages.</summary>
public sealed class KeysetIndexTests
{
    private sealed record Item(string Id, int Version, DateTimeOffset? Deadline, DateTimeOffset Modified, bool Open);

    private static readonly DateTimeOffset T0 = new(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);

    private static Item Random(Random random, string id, int version) => new(
        id, version, random.Next(4) == 0 ? null : T0.AddMinutes(random.Next(50)), T0.AddMinutes(random.Next(50)), random.Next(3) > 0);

    private static void Put(KeysetIndex<Item> index, Item item) => index.Put(item.Id, item.Version, item.Deadline, item.Modified.UtcTicks, item);

    private static long Key(Item item, ListSort sort) =>
        sort == ListSort.Deadline ? item.Deadline?.UtcTicks ?? long.MaxValue : item.Modified.UtcTicks;

    [Theory]
    [InlineData(1, ListSort.Deadline)]
    [InlineData(2, ListSort.Modified)]
    [InlineData(3, ListSort.Deadline)]
    [InlineData(4, ListSort.Modified)]
    public void A_walk_through_the_pages_gives_each_item_once_in_order_whatever_changes_between_pages(int seed, ListSort sort)
    {
        var random = new Random(seed);
        var model = new Dictionary<string, Item>();
        var index = new KeysetIndex<Item>();
        var initial = Enumerable.Range(0, 300).Select(i => Random(random, $"e{i:D4}", 1)).ToList();
        index.Load(initial.Select(i => (i.Id, i.Version, i.Deadline, i.Modified.UtcTicks, i)));
        initial.ForEach(i => model[i.Id] = i);

        var seen = new List<Item>();
        var moved = new HashSet<string>();
        ListPosition? after = null;
        var more = true;
        while (more)
        {
            var (items, last, hasMore) = index.Page(sort, after, i => i.Open, random.Next(1, 40));
            Assert.All(items, i => Assert.True(i.Open));
            Assert.Equal(items.OrderBy(i => Key(i, sort)).ThenBy(i => i.Id, StringComparer.Ordinal), items);
            seen.AddRange(items);
            after = last ?? after;
            more = hasMore;

            // Writes between pages: new versions (some stale), new items.
            for (var n = random.Next(5); n > 0; n--)
            {
                var id = $"e{random.Next(320):D4}";
                var version = model.TryGetValue(id, out var old) ? old.Version + (random.Next(5) == 0 ? -1 : 1) : 1;
                var changed = Random(random, id, version);
                Put(index, changed);
                if (old is null || version > old.Version)
                {
                    model[id] = changed;
                    moved.Add(id);
                }
            }
        }

        // Every open item that never changed during the walk is seen exactly once; nothing is seen more than once
        // unless it changed; no stale version is ever shown.
        foreach (var item in model.Values.Where(i => i.Open && !moved.Contains(i.Id)))
        {
            Assert.Single(seen, s => s.Id == item.Id);
        }

        Assert.All(seen.GroupBy(s => s.Id).Where(g => g.Count() > 1), g => Assert.Contains(g.Key, moved));
        Assert.Equal(model.Values.Count(i => i.Open), index.Page(sort, null, i => i.Open, 1000).Items.Count);
    }

    [Fact]
    public void A_page_by_last_change_filtered_by_time_and_the_last_position_resumes_after_the_end()
    {
        var index = new KeysetIndex<Item>();
        for (var i = 0; i < 10; i++)
        {
            Put(index, new Item($"e{i}", 1, null, T0.AddMinutes(i), true));
        }

        var (items, last, more) = index.Page(ListSort.Modified, null, i => i.Modified >= T0.AddMinutes(7), 10);
        Assert.Equal(["e7", "e8", "e9"], items.Select(i => i.Id));
        Assert.False(more);

        Assert.Empty(index.Page(ListSort.Modified, last, _ => true, 10).Items);
        Put(index, new Item("e2", 2, null, T0.AddMinutes(20), true));
        Assert.Equal(["e2"], index.Page(ListSort.Modified, last, _ => true, 10).Items.Select(i => i.Id));
        Put(index, new Item("e2", 1, null, T0.AddMinutes(1), true)); // stale: ignored
        Assert.Equal(2, index.Page(ListSort.Modified, last, _ => true, 10).Items.Single().Version);
    }

    [Fact]
    public void A_cursor_reads_back_only_for_its_own_sort()
    {
        var position = new ListPosition(ListSort.Deadline, 638_000_000_000_000_000, "refund:a.b-1");

        Assert.True(ListPosition.TryParse(position.ToString(), ListSort.Deadline, out var read));
        Assert.Equal(position, read);
        Assert.False(ListPosition.TryParse(position.ToString(), ListSort.Modified, out _));
        Assert.False(ListPosition.TryParse("bm90IGEgY3Vyc29y", ListSort.Deadline, out _));
        Assert.False(ListPosition.TryParse("%%%", ListSort.Deadline, out _));
    }
}
