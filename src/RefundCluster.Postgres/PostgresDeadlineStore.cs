using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using RefundCluster.Grains.Deadlines;

namespace RefundCluster.Postgres;

/// <summary>
/// The deadline index in PostgreSQL. An order's or refund's next wake-up is the <c>next_due</c> column of its own row
/// in <c>refundcluster_grain_state</c>, written with its state by <see cref="PostgresGrainStorage"/> (entries
/// <see cref="DeadlineEntry.HeldByTarget"/>): indexing it costs no write of its own, and a shard reads its entries
/// back with a range query. Other targets' entries are rows of <c>refundcluster_deadlines</c>, one statement per
/// direction per batch of changes.
/// </summary>
public sealed class PostgresDeadlineStore(NpgsqlDataSource db, IOptions<ClusterOptions> cluster, IOptions<DeadlineOptions> options) : IDeadlineStore
{
    public bool KeepsHeldEntries => false;

    public async Task<IReadOnlyList<DeadlineEntry>> Load(string shard)
    {
        // The entity rows of the shard's bucket are found by the partial index on next_due, then filtered by shard.
        var bucket = DeadlineShardKey.BucketStart(shard);
        await using var cmd = db.CreateCommand(
            """
            SELECT target, due_at, false FROM refundcluster_deadlines WHERE shard = $1
            UNION ALL
            SELECT grain_id, next_due, true FROM refundcluster_grain_state
            WHERE next_due >= $2 AND next_due < $3 AND due_shard = $1 AND service_id = $4
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = shard });
        cmd.Parameters.Add(new NpgsqlParameter { Value = bucket.UtcDateTime });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (bucket + options.Value.BucketWidth).UtcDateTime });
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        var entries = new List<DeadlineEntry>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new DeadlineEntry(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetBoolean(2)));
        }

        return entries;
    }

    public async Task Apply(string shard, IReadOnlyList<DeadlineChange> changes)
    {
        // Only the last change per entry counts, so a batch can be split into one insert and one delete. Entries held
        // by their targets are stored (and dropped) with the targets' own rows: nothing to write for them here.
        var last = new Dictionary<DeadlineEntry, bool>();
        foreach (var change in changes)
        {
            if (!change.Entry.HeldByTarget)
            {
                last[change.Entry] = change.Added;
            }
        }

        if (last.Count == 0)
        {
            return;
        }

        var added = last.Where(c => c.Value).Select(c => c.Key).ToList();
        var removed = last.Where(c => !c.Value).Select(c => c.Key).ToList();
        await using var batch = db.CreateBatch();
        if (added.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO refundcluster_deadlines (shard, target, due_at) SELECT $1, t, d FROM unnest($2::text[], $3::timestamptz[]) AS x(t, d) ON CONFLICT DO NOTHING",
                shard, added));
        }

        if (removed.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                "DELETE FROM refundcluster_deadlines r USING unnest($2::text[], $3::timestamptz[]) AS x(t, d) WHERE r.shard = $1 AND r.target = x.t AND r.due_at = x.d",
                shard, removed));
        }

        await batch.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<string>> ShardsDueBefore(DateTimeOffset before, int max)
    {
        await using var cmd = db.CreateCommand(
            """
            SELECT shard FROM refundcluster_deadlines WHERE due_at < $1
            UNION
            SELECT due_shard FROM refundcluster_grain_state WHERE next_due < $1 AND service_id = $3
            LIMIT $2
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = before.ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = max });
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        var shards = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            shards.Add(reader.GetString(0));
        }

        return shards;
    }

    public async Task<long> Count()
    {
        await using var cmd = db.CreateCommand(
            """
            SELECT (SELECT count(*) FROM refundcluster_deadlines)
                 + (SELECT count(*) FROM refundcluster_grain_state WHERE next_due IS NOT NULL AND service_id = $1)
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static NpgsqlBatchCommand Command(string sql, string shard, List<DeadlineEntry> entries) => new(sql)
    {
        Parameters =
        {
            new NpgsqlParameter { Value = shard },
            new NpgsqlParameter { Value = entries.Select(e => e.Target).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text },
            new NpgsqlParameter { Value = entries.Select(e => e.Due.ToUniversalTime()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz },
        },
    };
}
