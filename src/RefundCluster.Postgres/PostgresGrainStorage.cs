using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;
using RefundCluster.Grains.Metrics;

namespace RefundCluster.Postgres;

/// <summary>
/// Grain storage on <c>refundcluster_grain_state</c> with group commit for writes and grouped reads. Orleans' stock ADO.NET provider runs one
/// stored-function call and one commit per write; here every write waiting while one runs goes into the next single
/// statement (an UPDATE for known etags, an INSERT for new states, one commit), so under load the per-write cost is a
/// share of one round trip and one fsync. Optimistic concurrency is kept per grain: a write whose etag is not the
/// stored one fails with <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class PostgresGrainStorage(
    string name,
    string serviceId,
    NpgsqlDataSource db,
    IGrainStorageSerializer serializer,
    ILogger<PostgresGrainStorage> log) : IGrainStorage
{
    private GroupCommitQueue<PendingWrite, (string, string)>? _writes;
    private GroupCommitQueue<PendingRead, (string, string)>? _reads;

    // One queue each per storage instance (published once even if two threads race to create it).
    private GroupCommitQueue<PendingWrite, (string, string)> Writes => LazyInitializer.EnsureInitialized(ref _writes, () => new(
        ExecuteWrites, w => (w.GrainId, w.StateName), (w, e) => Fail(w.Done, e, "writes")));

    private GroupCommitQueue<PendingRead, (string, string)> Reads => LazyInitializer.EnsureInitialized(ref _reads, () => new(
        ExecuteReads, r => (r.GrainId, r.StateName), (r, e) => Fail(r.Done, e, "reads")));

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var read = new PendingRead(grainId.ToString(), stateName);
        Reads.Enqueue(read);
        if (await read.Done.Task is not var (etag, payload))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = payload is not null;
        grainState.State = payload is not null ? serializer.Deserialize<T>(new BinaryData(payload)) : Activator.CreateInstance<T>();
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var etag = await Enqueue(stateName, grainId, grainState.ETag, payload, (grainState.State as IShopScopedState)?.ShopId);
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // A cleared state keeps its row (payload NULL) so that the etag keeps counting and a stale writer still fails.
        var etag = await Enqueue(stateName, grainId, grainState.ETag, null, null);
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private Task<long> Enqueue(string stateName, GrainId grainId, string? etag, byte[]? payload, string? shopId)
    {
        var write = new PendingWrite(grainId.ToString(), stateName, etag is null ? 0 : long.Parse(etag, CultureInfo.InvariantCulture), payload, shopId);
        Writes.Enqueue(write);
        return write.Done.Task;
    }

    private void Fail<TResult>(TaskCompletionSource<TResult> done, Exception e, string what)
    {
        log.LogWarning(e, "Grain storage {Name}: a batch of {What} failed", name, what);
        done.TrySetException(e);
    }

    /// <summary>Activations starting together (a burst of new orders) share one SELECT.</summary>
    private async Task ExecuteReads(List<PendingRead> batch)
    {
        await using var cmd = db.CreateCommand(
            """
            SELECT s.grain_id, s.state_name, s.etag, s.payload
            FROM refundcluster_grain_state s JOIN unnest($2::text[], $3::text[]) AS x(grain_id, state_name)
                ON s.grain_id = x.grain_id AND s.state_name = x.state_name
            WHERE s.service_id = $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.GrainId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(r => r.StateName).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var found = new Dictionary<(string, string), (long, byte[]?)>(batch.Count);
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                found[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3));
            }
        }

        foreach (var read in batch)
        {
            read.Done.TrySetResult(found.TryGetValue((read.GrainId, read.StateName), out var row) ? row : null);
        }
    }

    private async Task ExecuteWrites(List<PendingWrite> batch)
    {
        await using var cmd = db.CreateCommand(
            """
            WITH input AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bytea[], $6::text[]) AS x(grain_id, state_name, expected, payload, shop_id)),
            updated AS (
                UPDATE refundcluster_grain_state s SET etag = s.etag + 1, payload = i.payload, shop_id = i.shop_id, modified_at = now()
                FROM input i
                WHERE i.expected > 0 AND s.service_id = $1 AND s.grain_id = i.grain_id AND s.state_name = i.state_name AND s.etag = i.expected
                RETURNING s.grain_id, s.state_name, s.etag),
            inserted AS (
                INSERT INTO refundcluster_grain_state (service_id, grain_id, state_name, etag, payload, shop_id)
                SELECT $1, grain_id, state_name, 1, payload, shop_id FROM input WHERE expected = 0
                ON CONFLICT DO NOTHING
                RETURNING grain_id, state_name, etag)
            SELECT grain_id, state_name, etag FROM updated UNION ALL SELECT grain_id, state_name, etag FROM inserted
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(w => w.GrainId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(w => w.StateName).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(w => w.ExpectedEtag).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(w => w.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(w => w.ShopId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });

        var written = new Dictionary<(string, string), long>(batch.Count);
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                written[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
            }
        }

        foreach (var write in batch)
        {
            if (written.TryGetValue((write.GrainId, write.StateName), out var etag))
            {
                write.Done.TrySetResult(etag);
            }
            else
            {
                write.Done.TrySetException(new InconsistentStateException(
                    $"Grain storage {name}: {write.GrainId}/{write.StateName} is not at etag {write.ExpectedEtag} any more.",
                    "unknown", write.ExpectedEtag.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    private sealed record PendingRead(string GrainId, string StateName)
    {
        public TaskCompletionSource<(long Etag, byte[]? Payload)?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record PendingWrite(string GrainId, string StateName, long ExpectedEtag, byte[]? Payload, string? ShopId)
    {
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
