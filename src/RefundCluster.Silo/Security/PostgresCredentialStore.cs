using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;

namespace RefundCluster.Silo.Security;

/// <summary>
/// Durable-mode credentials in <c>refundcluster_api_keys</c>, then the bootstrap keys from settings. Answers are cached
/// for <see cref="SecurityOptions.StoreCacheTime"/>: found keys (as many as there are keys), and unknown ids in a
/// bounded cache of their own, so a flood of made-up ids neither evicts real keys nor takes more than a few
/// connections at a time. While the table cannot be read (PostgreSQL restarting), an answer read within
/// <see cref="SecurityOptions.StoreOutageGrace"/> stands: a known key keeps working and its requests answer for
/// themselves (an event then 503 <c>cluster.unavailable</c>, a read of a live grain its data). Only an id with no such
/// answer is refused with <c>auth.store_unavailable</c>.
/// </summary>
public sealed class PostgresCredentialStore(NpgsqlDataSource database, SettingsCredentialStore settings, IOptions<SecurityOptions> options) : ICredentialStore
{
    private const int UnknownIdsKept = 10_000;
    private const int ConcurrentLookups = 4;
    private readonly ConcurrentDictionary<string, (StoredCredential Credential, long ExpiresAt, long StandsUntil)> _found = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long ExpiresAt, long StandsUntil)> _unknown = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _lookups = new(ConcurrentLookups);

    public async ValueTask<StoredCredential?> Find(string id, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (_found.TryGetValue(id, out var found) && found.ExpiresAt > now)
        {
            return found.Credential;
        }

        if (_unknown.TryGetValue(id, out var unknown) && unknown.ExpiresAt > now)
        {
            return null;
        }

        StoredCredential? credential;
        await _lookups.WaitAsync(cancellationToken);
        try
        {
            credential = await Read(id, cancellationToken) ?? await settings.Find(id, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The table cannot be read: the last answer stands within the grace, cached anew so that the table is
            // tried again once per cache time, not on every request.
            var retryAt = Environment.TickCount64 + (long)options.Value.StoreCacheTime.TotalMilliseconds;
            if (_found.TryGetValue(id, out var last) && last.StandsUntil > now)
            {
                _found[id] = last with { ExpiresAt = retryAt };
                return last.Credential;
            }

            if (_unknown.TryGetValue(id, out var lastUnknown) && lastUnknown.StandsUntil > now)
            {
                _unknown[id] = lastUnknown with { ExpiresAt = retryAt };
                return null;
            }

            throw;
        }
        finally
        {
            _lookups.Release();
        }

        var expires = now + (long)options.Value.StoreCacheTime.TotalMilliseconds;
        var stands = now + (long)options.Value.StoreOutageGrace.TotalMilliseconds;
        if (credential is null)
        {
            _found.TryRemove(id, out _); // revoked
            if (_unknown.Count >= UnknownIdsKept)
            {
                _unknown.Clear();
            }

            _unknown[id] = (expires, stands);
        }
        else
        {
            _found[id] = (credential, expires, stands);
        }

        return credential;
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
