using RefundCluster.Performance.Measuring;

namespace RefundCluster.LoadTests.Tests.Measuring;

public sealed class AtomicExtremeTests
{
    [Fact]
    public void Racing_threads_leave_the_highest_and_the_lowest_value()
    {
        long highest = long.MinValue;
        long lowest = long.MaxValue;

        Parallel.For(0, 100_000, i =>
        {
            var value = (i * 7919L) % 100_000;
            AtomicExtreme.Raise(ref highest, value);
            AtomicExtreme.Lower(ref lowest, value);
        });

        Assert.Equal(99_999, highest);
        Assert.Equal(0, lowest);
    }
}
