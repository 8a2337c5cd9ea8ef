using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RefundCluster.Silo.Security;

/// <summary>
/// Durable-mode credentials in <c>refundcluster_api_keys</c>, then the bootstrap keys from settings. Lookups are
/// cached for <see cref="SecurityOptions.StoreCacheTime"/> (misses too, so unknown ids cannot hammer the database).
/// </summary>
public sealed class PostgresCredentialStore(NpgsqlDataSource database, SettingsCredentialStore settings, IOptions<SecurityOptions> options) : ICredentialStore
{
    private const int CacheLimit = 10_000;
    private readonly ConcurrentDictionary<string, (StoredCredential? Credential, long ExpiresAt)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<StoredCredential?> Find(string id, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (_cache.TryGetValue(id, out var cached) && cached.ExpiresAt > now)
        {
            return cached.Credential;
        }

        var found = await Read(id, cancellationToken) ?? await settings.Find(id, cancellationToken);
        if (_cache.Count >= CacheLimit)
        {
            _cache.Clear();
        }

        _cache[id] = (found, now + (long)options.Value.StoreCacheTime.TotalMilliseconds);
        return found;
    }

    private async Task<StoredCredential?> Read(string id, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "SELECT key_hash, roles, shops, requests_per_second FROM refundcluster_api_keys WHERE id = $1 AND revoked_at IS NULL");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new StoredCredential
        {
            Id = id,
            Hash = reader.GetString(0),
            Roles = [.. reader.GetFieldValue<string[]>(1).Select(r => Enum.TryParse<Role>(r, ignoreCase: true, out var role) ? role : (Role?)null).OfType<Role>()],
            Shops = [.. reader.GetFieldValue<string[]>(2)],
            RequestsPerSecond = reader.IsDBNull(3) ? null : reader.GetDouble(3),
        };
    }
}
