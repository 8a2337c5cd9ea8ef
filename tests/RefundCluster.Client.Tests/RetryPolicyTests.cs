using RefundCluster.Client;

namespace RefundCluster.Client.Tests;

/// <summary>The waits between retries: the server's Retry-After plus a little jitter, else full jitter under a capped exponential ceiling.</summary>
public sealed class RetryPolicyTests
{
    private static readonly RetryPolicy Policy = new() { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) };

    [Fact]
    public void A_Retry_After_is_waited_in_full_plus_at_most_the_base_delay()
    {
        var random = new Random(7);
        var waits = Enumerable.Range(1, 200).Select(n => Policy.DelayBefore(n % 10 + 1, TimeSpan.FromSeconds(3), random)).ToList();

        Assert.All(waits, w => Assert.InRange(w, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3) + Policy.BaseDelay));
        Assert.True(waits.Distinct().Count() > 100); // jittered, not one instant for every client
    }

    [Fact]
    public void Without_Retry_After_the_wait_is_full_jitter_under_a_doubling_ceiling_capped_at_the_max_delay()
    {
        var random = new Random(11);
        for (var retry = 1; retry <= 40; retry++)
        {
            var ceiling = TimeSpan.FromMilliseconds(Math.Min(2000, 100 * Math.Pow(2, retry - 1)));
            var waits = Enumerable.Range(0, 200).Select(_ => Policy.DelayBefore(retry, null, random)).ToList();

            Assert.All(waits, w => Assert.InRange(w, TimeSpan.Zero, ceiling));
            Assert.True(waits.Max() > ceiling * 0.9, $"retry {retry}: the waits should spread up to {ceiling}, the longest was {waits.Max()}");
            Assert.True(waits.Min() < ceiling * 0.1, $"retry {retry}: full jitter reaches down to zero, the shortest was {waits.Min()}");
        }
    }
}
