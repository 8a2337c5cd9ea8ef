using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;

namespace RefundCluster.Postgres;

/// <summary>
/// Grain storage on <c>refundcluster_grain_state</c> with group commit. Orleans' stock ADO.NET provider runs one
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
    private const int MaxBatch = 500;

    private readonly Lock _gate = new();
    private List<PendingWrite> _queue = [];
    private bool _writing;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var cmd = db.CreateCommand(
            "SELECT etag, payload FROM refundcluster_grain_state WHERE service_id = $1 AND grain_id = $2 AND state_name = $3");
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = grainId.ToString() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = stateName });
        await using var reader = await cmd.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = !reader.IsDBNull(1);
        grainState.State = grainState.RecordExists
            ? serializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(1)))
            : Activator.CreateInstance<T>();
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var etag = await Enqueue(stateName, grainId, grainState.ETag, payload);
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // A cleared state keeps its row (payload NULL) so that the etag keeps counting and a stale writer still fails.
        var etag = await Enqueue(stateName, grainId, grainState.ETag, null);
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private Task<long> Enqueue(string stateName, GrainId grainId, string? etag, byte[]? payload)
    {
        var write = new PendingWrite(grainId.ToString(), stateName, etag is null ? 0 : long.Parse(etag, CultureInfo.InvariantCulture), payload);
        lock (_gate)
        {
            _queue.Add(write);
            if (!_writing)
            {
                _writing = true;
                _ = Task.Run(Drain);
            }
        }

        return write.Done.Task;
    }

    private async Task Drain()
    {
        while (true)
        {
            List<PendingWrite> batch;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }

                // One write per grain state per statement: a second write of the same state (two activations of one
                // grain for a moment after a silo loss) waits for the next, so that its etag is checked against the first.
                var seen = new HashSet<(string, string)>();
                batch = [];
                var rest = new List<PendingWrite>();
                foreach (var write in _queue)
                {
                    (batch.Count < MaxBatch && seen.Add((write.GrainId, write.StateName)) ? batch : rest).Add(write);
                }

                _queue = rest;
            }

            try
            {
                await Execute(batch);
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Grain storage {Name}: a batch of {Count} writes failed", name, batch.Count);
                foreach (var write in batch)
                {
                    write.Done.TrySetException(e);
                }
            }
        }
    }

    private async Task Execute(List<PendingWrite> batch)
    {
        await using var cmd = db.CreateCommand(
            """
            WITH input AS (
                SELECT * FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bytea[]) AS x(grain_id, state_name, expected, payload)),
            updated AS (
                UPDATE refundcluster_grain_state s SET etag = s.etag + 1, payload = i.payload, modified_at = now()
                FROM input i
                WHERE i.expected > 0 AND s.service_id = $1 AND s.grain_id = i.grain_id AND s.state_name = i.state_name AND s.etag = i.expected
                RETURNING s.grain_id, s.state_name, s.etag),
            inserted AS (
                INSERT INTO refundcluster_grain_state (service_id, grain_id, state_name, etag, payload)
                SELECT $1, grain_id, state_name, 1, payload FROM input WHERE expected = 0
                ON CONFLICT DO NOTHING
                RETURNING grain_id, state_name, etag)
            SELECT grain_id, state_name, etag FROM updated UNION ALL SELECT grain_id, state_name, etag FROM inserted
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(w => w.GrainId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(w => w.StateName).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(w => w.ExpectedEtag).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(w => w.Payload).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });

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

    private sealed record PendingWrite(string GrainId, string StateName, long ExpectedEtag, byte[]? Payload)
    {
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
