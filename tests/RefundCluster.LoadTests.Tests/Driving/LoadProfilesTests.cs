using RefundCluster.LoadTests.Profiles;

namespace RefundCluster.LoadTests.Tests.Driving;

public sealed class LoadProfilesTests
{
    [Fact]
    public void Steps_go_from_the_peak_to_its_multiple_after_a_warm_up()
    {
        var steps = LoadProfiles.Steps(peak: 200, multiple: 10, TimeSpan.FromSeconds(5), warmup: TimeSpan.FromSeconds(3));

        Assert.True(steps[0].Warmup);
        Assert.Equal([200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000], steps.Skip(1).Select(s => s.Rate));
        Assert.All(steps.Skip(1), s => Assert.Equal(TimeSpan.FromSeconds(5), s.Duration));
        Assert.All(steps.Skip(1), s => Assert.False(s.Warmup));
    }

    [Fact]
    public void A_ramp_rises_linearly_in_one_second_steps()
    {
        var steps = LoadProfiles.Ramp(100, 500, TimeSpan.FromSeconds(5), TimeSpan.Zero);

        Assert.Equal([100, 200, 300, 400, 500], steps.Select(s => s.Rate));
    }

    [Fact]
    public void A_closed_profile_has_workers_and_no_rate()
    {
        var steps = LoadProfiles.Closed(32, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));

        Assert.All(steps, s => Assert.True(s.IsClosed && s.Concurrency == 32));
        Assert.Equal([true, false], steps.Select(s => s.Warmup));
    }

    [Fact]
    public void Command_line_reads_ten_x_as_a_multiple()
    {
        var options = LoadTestOptions.Parse(["--profile", "steps", "--peak", "2000", "--to", "10x", "--step-duration", "2", "--warmup", "0"]);

        Assert.Equal(20_000, options.Steps()[^1].Rate);
        Assert.Equal(10, options.Steps().Count);
    }

    [Theory]
    [InlineData("--profile", "spiral")]
    [InlineData("--scenario", "black-friday")]
    [InlineData("--threshold", "p99 below 50")]
    [InlineData("--duration", "soon")]
    public void Bad_arguments_are_refused(string option, string value) =>
        Assert.ThrowsAny<Exception>(() => LoadTestOptions.Parse([option, value]));
}
