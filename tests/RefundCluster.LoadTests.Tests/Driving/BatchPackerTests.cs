using RefundCluster.LoadTests.Driving;

namespace RefundCluster.LoadTests.Tests.Driving;

/// <summary>The packing rule on a clock of plain numbers (think milliseconds): full batches at once, the rest after the window.</summary>
public sealed class BatchPackerTests
{
    private const long Window = 50;

    [Fact]
    public void A_full_batch_goes_at_once_intended_when_its_last_event_fell_due()
    {
        var packer = new BatchPacker<int>(3, Window);
        packer.Add(1, due: 100, added: 100);
        packer.Add(2, due: 110, added: 110);
        Assert.Empty(packer.TakeReady(110));

        packer.Add(3, due: 120, added: 120);
        var batch = Assert.Single(packer.TakeReady(120));

        Assert.Equal([1, 2, 3], batch.Items);
        Assert.Equal(120, batch.IntendedTimestamp);
        Assert.Equal(0, packer.Waiting);
    }

    [Fact]
    public void Events_beyond_a_full_batch_go_in_the_next_one_in_the_order_they_came()
    {
        var packer = new BatchPacker<int>(2, Window);
        foreach (var i in Enumerable.Range(1, 5))
        {
            packer.Add(i, due: 100 + i, added: 100 + i);
        }

        var full = packer.TakeReady(105);

        Assert.Equal(new[] { new[] { 1, 2 }, new[] { 3, 4 } }, full.Select(b => b.Items.ToArray()));
        Assert.Equal(1, packer.Waiting);
        Assert.Empty(packer.TakeReady(105 + Window - 1));
        Assert.Equal([5], Assert.Single(packer.TakeReady(105 + Window)).Items);
    }

    [Fact]
    public void A_batch_that_does_not_fill_goes_a_window_after_its_oldest_event_was_handed_in()
    {
        var packer = new BatchPacker<string>(100, Window);
        Assert.Null(packer.NextDeadline);
        packer.Add("paid", due: 1000, added: 1000);
        packer.Add("requested", due: 1020, added: 1020);

        Assert.Equal(1000 + Window, packer.NextDeadline); // the batcher's thread sleeps until then
        Assert.Empty(packer.TakeReady(1049));
        var batch = Assert.Single(packer.TakeReady(1050));
        Assert.Null(packer.NextDeadline);

        Assert.Equal(["paid", "requested"], batch.Items);
        Assert.Equal(1020, batch.IntendedTimestamp); // its last event's due time: earlier than the window's end
    }

    [Fact]
    public void A_late_event_pulls_the_intended_send_time_back_so_its_delay_counts()
    {
        var packer = new BatchPacker<string>(100, Window);
        packer.Add("on time", due: 5000, added: 5000);
        packer.Add("held back 2 s", due: 3000, added: 5010);

        var batch = Assert.Single(packer.TakeReady(5050));

        Assert.Equal(3000 + Window, batch.IntendedTimestamp);
    }

    [Fact]
    public void Flush_sends_whatever_waits()
    {
        var packer = new BatchPacker<int>(10, Window);
        Assert.Null(packer.Flush());
        packer.Add(1, 7, 7);

        Assert.Equal([1], packer.Flush()!.Items);
        Assert.Null(packer.Flush());
    }

    [Fact]
    public void A_batch_holds_at_least_one_event() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchPacker<int>(0, Window));
}
