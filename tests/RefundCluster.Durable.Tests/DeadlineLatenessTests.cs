namespace RefundCluster.Durable.Tests;

/// <summary>The fault tests' lateness figure from the silos' histogram buckets (<see cref="DeadlineLateness.Of"/>).</summary>
public sealed class DeadlineLatenessTests
{
    [Fact]
    public void The_p99_is_interpolated_inside_its_bucket()
    {
        // 1,000 deadlines: 900 within 5 ms, 95 within 1 s, 5 within 2.5 s. Rank 990 falls in (5, 1000]: 90 of its 95.
        var lateness = DeadlineLateness.Of(new SortedDictionary<double, long> { [5] = 900, [1000] = 995, [2500] = 1000, [double.PositiveInfinity] = 1000 });
        Assert.Equal(1000, lateness.Count);
        Assert.Equal(5 + 995 * 90 / 95.0, lateness.P99Ms, precision: 6);
        Assert.Equal(1000, lateness.P99BucketMs);
        Assert.Equal(2500, lateness.MaxBucketMs);
    }

    [Fact]
    public void A_p99_past_the_last_bound_is_that_bound_and_none_is_zero()
    {
        var late = DeadlineLateness.Of(new SortedDictionary<double, long> { [10000] = 10, [double.PositiveInfinity] = 100 });
        Assert.Equal(10000, late.P99Ms);
        Assert.True(double.IsPositiveInfinity(late.MaxBucketMs));
        Assert.Equal(0, DeadlineLateness.Of(new SortedDictionary<double, long> { [5] = 0, [double.PositiveInfinity] = 0 }).Count);
    }
}
