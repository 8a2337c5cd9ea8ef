using RefundCluster.LoadTests.Scenarios;

namespace RefundCluster.LoadTests.Tests.Scenarios;

public sealed class LifecycleScheduleTests
{
    private const int Lifecycles = 100_000;

    [Fact]
    public void The_default_mix_is_the_issues_60_10_30_and_2_7_events_per_lifecycle()
    {
        var schedule = new LifecycleSchedule();

        var decisions = Enumerable.Range(0, Lifecycles).Select(n => schedule.Plan(n).Decision).ToList();

        Assert.InRange(Share(decisions, SellerDecision.Approve), 0.59, 0.61);
        Assert.InRange(Share(decisions, SellerDecision.Refuse), 0.095, 0.105);
        Assert.InRange(Share(decisions, SellerDecision.Silent), 0.29, 0.31);
        Assert.Equal(2.7, schedule.EventsPerLifecycle, 9);
        var sent = decisions.Sum(d => schedule.Stages(d).Count) / (double)Lifecycles;
        Assert.InRange(sent, 2.69, 2.71);
    }

    [Fact]
    public void Shares_are_weights_and_an_all_silent_mix_sends_two_events()
    {
        var schedule = new LifecycleSchedule().WithMix("approve=2,refuse=2,silent=0");
        var silent = new LifecycleSchedule().WithMix("approve=0,refuse=0,silent=1");

        var decisions = Enumerable.Range(0, Lifecycles).Select(n => schedule.Plan(n).Decision).ToList();

        Assert.InRange(Share(decisions, SellerDecision.Approve), 0.49, 0.51);
        Assert.Equal(0, Share(decisions, SellerDecision.Silent));
        Assert.Equal(3, schedule.EventsPerLifecycle, 9);
        Assert.Equal(2, silent.EventsPerLifecycle, 9);
        Assert.All(Enumerable.Range(0, 1000), n => Assert.Equal(SellerDecision.Silent, silent.Plan(n).Decision));
    }

    [Fact]
    public void A_lifecycle_always_takes_the_same_path_and_amount()
    {
        var schedule = new LifecycleSchedule();

        Assert.All(Enumerable.Range(0, 1000), n => Assert.Equal(schedule.Plan(n), new LifecycleSchedule().Plan(n)));
        Assert.True(Enumerable.Range(0, 1000).Select(n => schedule.Plan(n).Amount).Distinct().Count() > 900);
    }

    [Fact]
    public void Amounts_are_whole_fen_between_10_and_500_yuan()
    {
        var schedule = new LifecycleSchedule();

        var amounts = Enumerable.Range(0, Lifecycles).Select(n => schedule.Plan(n).Amount).ToList();

        Assert.All(amounts, a =>
        {
            Assert.InRange(a, 10m, 500m);
            Assert.Equal(decimal.Round(a, 2), a);
        });
        Assert.True(amounts.Min() < 15m && amounts.Max() > 495m, $"{amounts.Min()}..{amounts.Max()}");
    }

    [Fact]
    public void Stages_fall_due_at_the_configured_delays_and_a_silent_seller_sends_no_decision()
    {
        var schedule = new LifecycleSchedule { RequestDelay = TimeSpan.FromSeconds(1.5), DecisionDelay = TimeSpan.FromSeconds(0.25) };

        Assert.Equal(
            [("order.paid", TimeSpan.Zero), ("refund.requested", TimeSpan.FromSeconds(1.5)), ("refund.approved", TimeSpan.FromSeconds(1.75))],
            schedule.Stages(SellerDecision.Approve));
        Assert.Equal("refund.refused", schedule.Stages(SellerDecision.Refuse)[2].Kind);
        Assert.Equal([("order.paid", TimeSpan.Zero), ("refund.requested", TimeSpan.FromSeconds(1.5))], schedule.Stages(SellerDecision.Silent));
        Assert.Equal(
            [("order.paid", TimeSpan.Zero), ("refund.requested", TimeSpan.FromSeconds(1)), ("refund.approved", TimeSpan.FromSeconds(2))],
            new LifecycleSchedule().Stages(SellerDecision.Approve));
    }

    [Theory]
    [InlineData("approve=-1")]
    [InlineData("approve=0,refuse=0,silent=0")]
    [InlineData("accept=0.5")]
    [InlineData("approve")]
    public void Bad_mixes_are_refused(string mix) =>
        Assert.Throws<ArgumentException>(() => new LifecycleSchedule().WithMix(mix));

    [Fact]
    public void The_policy_turns_zero_second_refunds_off_and_sets_the_seller_timer_on_the_clusters_clock()
    {
        var scenario = new LifecycleScenario(new ShopPicker(10), "run", new LifecycleSchedule { SellerTimer = TimeSpan.FromSeconds(5) });
        var compressed = new LifecycleScenario(new ShopPicker(10), "run", new LifecycleSchedule { SellerTimer = TimeSpan.FromSeconds(5) }, timeScale: 60);

        Assert.Equal("""{"zeroSecondRefund":{"enabled":false,"cap":200},"deadlines":{"sellerResponse":"00:00:05"}}""", scenario.Policy().ToJsonString());
        Assert.Equal("00:05:00", compressed.Policy()["deadlines"]!["sellerResponse"]!.GetValue<string>());
        Assert.Equal(1 / 2.7, scenario.IterationsPerRateUnit, 9);
        Assert.Equal("shop-run-3", scenario.ShopId(13));
    }

    private static double Share(IReadOnlyList<SellerDecision> decisions, SellerDecision decision) =>
        decisions.Count(d => d == decision) / (double)decisions.Count;
}
