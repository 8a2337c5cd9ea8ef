using Microsoft.Extensions.Options;
using RefundCluster.Silo.Security;

namespace RefundCluster.Durable.Tests;

/// <summary>Durable-mode credentials: made with the <c>keys</c> command, checked from the table, revoked.</summary>
[Collection(DurableCollection.Name)]
public sealed class CredentialStoreTests
{
    [Fact]
    public async Task A_key_made_with_the_keys_command_is_found_by_its_hash_and_stops_working_once_revoked()
    {
        await using var database = await TestDatabase.Create();
        await database.ApplySchema();
        var output = new StringWriter();

        var created = await KeysCommand.Run(["create", "--id", "erp-7", "--role", "integrator", "--shops", "shop-7", "--connection", database.ConnectionString], output);

        Assert.Equal(0, created);
        var key = output.ToString().Split(' ', '\n').Single(w => w.StartsWith(ApiKey.Prefix, StringComparison.Ordinal)).Trim();
        Assert.Equal(0L, await database.Scalar<long>($"SELECT count(*) FROM refundcluster_api_keys WHERE strpos(key_hash || id, '{key[^10..]}') > 0"));
        var store = Store(database);
        var credential = await ApiKeyAuthenticationHandler.Check(store, key, CancellationToken.None);
        Assert.NotNull(credential);
        Assert.True(credential.MayWrite("shop-7"));
        Assert.False(credential.MayWrite("shop-8"));
        Assert.Null(await ApiKeyAuthenticationHandler.Check(store, key[..^1] + (key[^1] == 'A' ? 'B' : 'A'), CancellationToken.None));

        Assert.Equal(1, await KeysCommand.Run(["create", "--id", "erp-7", "--role", "operator", "--connection", database.ConnectionString], output));
        Assert.Equal(0, await KeysCommand.Run(["revoke", "--id", "erp-7", "--connection", database.ConnectionString], output));

        Assert.Null(await ApiKeyAuthenticationHandler.Check(store, key, CancellationToken.None));
        Assert.Equal(2, await KeysCommand.Run(["create", "--id", "bad", "--role", "shopservice", "--connection", database.ConnectionString], output));
    }

    [Fact]
    public async Task While_the_table_cannot_be_read_a_key_read_before_keeps_working_and_one_never_read_is_refused_as_unavailable()
    {
        await using var database = await TestDatabase.Create();
        var output = new StringWriter();
        Assert.Equal(0, await KeysCommand.Run(["create", "--id", "erp-8", "--role", "integrator", "--connection", database.ConnectionString], output));
        Assert.Equal(0, await KeysCommand.Run(["create", "--id", "erp-9", "--role", "integrator", "--connection", database.ConnectionString], output));
        var keys = output.ToString().Split(' ', '\n').Where(w => w.StartsWith(ApiKey.Prefix, StringComparison.Ordinal)).Select(w => w.Trim()).ToList();
        var store = Store(database);
        var strict = Store(database, outageGrace: TimeSpan.Zero);
        Assert.NotNull(await ApiKeyAuthenticationHandler.Check(store, keys[0], CancellationToken.None));
        Assert.NotNull(await ApiKeyAuthenticationHandler.Check(strict, keys[0], CancellationToken.None));
        Assert.Null(await ApiKeyAuthenticationHandler.Check(store, "rck.made-up.x", CancellationToken.None));

        await database.RefuseConnections(true);
        try
        {
            // No cache time: every lookup goes to the table, which refuses.
            Assert.NotNull(await ApiKeyAuthenticationHandler.Check(store, keys[0], CancellationToken.None));
            Assert.Null(await ApiKeyAuthenticationHandler.Check(store, "rck.made-up.x", CancellationToken.None));
            await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => ApiKeyAuthenticationHandler.Check(store, keys[1], CancellationToken.None).AsTask());
            await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => ApiKeyAuthenticationHandler.Check(strict, keys[0], CancellationToken.None).AsTask());
        }
        finally
        {
            await database.RefuseConnections(false);
        }

        Assert.NotNull(await ApiKeyAuthenticationHandler.Check(store, keys[1], CancellationToken.None));
    }

    /// <summary>No caching, so the revocation shows at once (silos cache for Security:StoreCacheTime).</summary>
    private static PostgresCredentialStore Store(TestDatabase database, TimeSpan? outageGrace = null)
    {
        var options = Options.Create(new SecurityOptions { StoreCacheTime = TimeSpan.Zero, StoreOutageGrace = outageGrace ?? new SecurityOptions().StoreOutageGrace });
        var settings = new SettingsCredentialStore(new StaticOptionsMonitor(options.Value));
        return new PostgresCredentialStore(database.DataSource, settings, options);
    }

    private sealed class StaticOptionsMonitor(SecurityOptions value) : IOptionsMonitor<SecurityOptions>
    {
        public SecurityOptions CurrentValue => value;

        public SecurityOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SecurityOptions, string?> listener) => null;
    }
}
