using RefundCluster.Silo.Security;

namespace RefundCluster.Durable.Tests;

/// <summary>
/// Dashboard sessions in a real 2-silo cluster: one key ring (in PostgreSQL) and one session grain, so a browser signed
/// in on one silo is signed in on the other, signing out on either ends it on both, and revoking the key ends it too.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class DashboardSessionClusterTests
{
    [Fact]
    public async Task A_session_works_on_every_silo_and_ends_everywhere_on_sign_out_or_when_its_key_is_revoked()
    {
        await using var database = await TestDatabase.Create();
        var output = new StringWriter();
        Assert.Equal(0, await KeysCommand.Run(["create", "--id", "ops-1", "--role", "operator", "--connection", database.ConnectionString], output));
        var key = output.ToString().Split(' ', '\n').Single(w => w.StartsWith(ApiKey.Prefix, StringComparison.Ordinal)).Trim();
        await using var cluster = await DurableCluster.Start(database, silos: 2, timeScale: 1, ["--Security:StoreCacheTime=00:00:01"]);
        using var first = BrowserSession.Client(cluster.LiveEndpoints[0]);
        using var second = BrowserSession.Client(cluster.LiveEndpoints[1]);

        var (_, signedOut) = await BrowserSession.SignIn(first, key);
        Assert.Equal(HttpStatusCode.OK, await Status(second, signedOut));
        Assert.Equal(1L, await database.Scalar<long>("SELECT count(*) FROM refundcluster_data_protection_keys"));

        using (var signOut = await BrowserSession.Get(second, "dashboard/logout", signedOut))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Status(first, signedOut));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(second, signedOut));

        var (_, revoked) = await BrowserSession.SignIn(second, key);
        Assert.Equal(HttpStatusCode.OK, await Status(first, revoked));
        Assert.Equal(0, await KeysCommand.Run(["revoke", "--id", "ops-1", "--connection", database.ConnectionString], output));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (await Status(first, revoked) == HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "The session outlived its revoked key by 15 s (the cache time is 1 s).");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Status(first, revoked));
        Assert.Equal(HttpStatusCode.Unauthorized, await Status(second, revoked));
    }

    private static async Task<HttpStatusCode> Status(HttpClient http, string cookie)
    {
        using var response = await BrowserSession.Get(http, "v1/metrics/shops", cookie);
        return response.StatusCode;
    }
}
