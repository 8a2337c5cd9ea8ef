namespace RefundCluster.Cluster.Tests;

/// <summary>
/// A dashboard session grain: a renewal only replaces the ticket of a running session, so a request that was renewing
/// the cookie while the user signed out (sliding expiry) cannot bring the session back.
/// </summary>
public sealed class DashboardSessionGrainTests(ClusterFixture fx) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_renewal_after_sign_out_leaves_the_session_ended()
    {
        var session = fx.Grains.GetGrain<IDashboardSessionGrain>($"session-{Guid.NewGuid():N}");
        await session.Start([1, 2, 3]);
        await session.Renew([4, 5, 6]);
        Assert.Equal([4, 5, 6], await session.Ticket());

        await session.End();
        await session.Renew([7, 8, 9]);

        Assert.Null(await session.Ticket());
    }

    [Fact]
    public async Task A_renewal_of_a_session_never_started_creates_nothing()
    {
        var session = fx.Grains.GetGrain<IDashboardSessionGrain>($"session-{Guid.NewGuid():N}");
        await session.Renew([1]);
        Assert.Null(await session.Ticket());
    }
}
