using Npgsql;
using NpgsqlTypes;
using RefundCluster.Grains.Deadlines;

namespace RefundCluster.Postgres;

/// <summary>The deadline index in <c>refundcluster_deadlines</c>: each batch of changes is one statement per direction.</summary>
public sealed class PostgresDeadlineStore(NpgsqlDataSource db) : IDeadlineStore
{
    public async Task<IReadOnlyList<DeadlineEntry>> Load(string shard)
    {
        await using var cmd = db.CreateCommand("SELECT target, due_at FROM refundcluster_deadlines WHERE shard = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = shard });
        var entries = new List<DeadlineEntry>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new DeadlineEntry(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return entries;
    }

    public async Task Apply(string shard, IReadOnlyList<DeadlineChange> changes)
    {
        // Only the last change per entry counts, so a batch can be split into one insert and one delete.
        var last = new Dictionary<DeadlineEntry, bool>();
        foreach (var change in changes)
        {
            last[change.Entry] = change.Added;
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

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync();
        }
    }

    public async Task<IReadOnlyList<string>> ShardsDueBefore(DateTimeOffset before, int max)
    {
        await using var cmd = db.CreateCommand("SELECT DISTINCT shard FROM refundcluster_deadlines WHERE due_at < $1 LIMIT $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = before.ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = max });
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
        await using var cmd = db.CreateCommand("SELECT count(*) FROM refundcluster_deadlines");
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
