namespace RefundCluster.Api.Tests;

/// <summary>A host with room for one event request at a time and no queue, so that a burst must be shed.</summary>
public sealed class TightAdmissionHost()
    : HostFixture(1, ["--Admission:MaxInFlight=1", "--Admission:QueueLimit=0", "--Admission:RetryAfterSeconds=2"]);

public sealed class AdmissionControlTests(TightAdmissionHost host) : IClassFixture<TightAdmissionHost>
{
    [Fact]
    public async Task Past_capacity_events_are_shed_with_503_and_Retry_After_and_nothing_acknowledged_is_lost()
    {
        var orders = Enumerable.Range(0, 60).Select(_ => Ids.New("order")).ToList();

        var answers = await Task.WhenAll(orders.Select(o => host.Api.Send(Events.Paid(o, 10m))));

        var shed = answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(shed);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(shed, a => ApiAssert.Problem(a, HttpStatusCode.ServiceUnavailable, "cluster.overloaded"));
        for (var i = 0; i < orders.Count; i++)
        {
            // Acknowledged means stored; shed means nothing happened (so the integrator's resend is safe).
            var stored = await host.Api.Get($"v1/orders/{orders[i]}");
            Assert.Equal(answers[i].Status == HttpStatusCode.OK ? HttpStatusCode.OK : HttpStatusCode.NotFound, stored.Status);
        }
    }

    [Fact]
    public async Task A_shed_request_says_when_to_come_back()
    {
        var burst = Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            using var content = new StringContent(Events.Paid(Ids.New("order"), 10m).ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await host.Api.Http.PostAsync("v1/events", content, TestContext.Current.CancellationToken);
            return (response.StatusCode, response.Headers.RetryAfter?.Delta);
        }, TestContext.Current.CancellationToken));

        var results = await Task.WhenAll(burst);

        Assert.Contains(results, r => r.StatusCode == HttpStatusCode.ServiceUnavailable && r.Delta == TimeSpan.FromSeconds(2));
    }
}
