using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using RefundCluster.Grains.Recording;

namespace RefundCluster.Postgres;

/// <summary>
/// The recording in <c>refundcluster_recording</c> (schema 018), written by <see cref="PostgresGrainStorage"/> in the
/// statement that writes the states.
/// </summary>
public sealed class PostgresRecording(NpgsqlDataSource db, IOptions<ClusterOptions> cluster) : IRecording
{
    private const int ForgetBatch = 10_000;

    public void Append(IReadOnlyList<PendingInput> inputs) =>
        throw new NotSupportedException("PostgreSQL records inputs in the statement that writes their state.");

    public async IAsyncEnumerable<string> Read(string shopId, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancel)
    {
        await using var cmd = db.CreateCommand(
            """
            SELECT r.line
            FROM refundcluster_recording r
            JOIN (SELECT order_id FROM refundcluster_recording WHERE service_id = $1 AND shop_id = $2
                  GROUP BY order_id HAVING min(at) >= $3 AND min(at) < $4) o ON o.order_id = r.order_id
            WHERE r.service_id = $1 AND r.shop_id = $2 AND r.at < $4
            ORDER BY r.order_id COLLATE "C", r.seq
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = shopId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = from.ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = to.ToUniversalTime() });
        await using var reader = await cmd.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancel);
        while (await reader.ReadAsync(cancel))
        {
            yield return reader.GetString(0);
        }
    }

    public async Task<long> Forget(DateTimeOffset before, CancellationToken cancel)
    {
        // In batches: one statement deleting a day of a busy cluster's lines would hold its locks and its WAL for long.
        long total = 0;
        while (true)
        {
            await using var cmd = db.CreateCommand(
                """
                DELETE FROM refundcluster_recording
                WHERE seq IN (SELECT seq FROM refundcluster_recording WHERE service_id = $1 AND at < $2 LIMIT $3)
                """);
            cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
            cmd.Parameters.Add(new NpgsqlParameter { Value = before.ToUniversalTime() });
            cmd.Parameters.Add(new NpgsqlParameter { Value = ForgetBatch });
            var deleted = await cmd.ExecuteNonQueryAsync(cancel);
            total += deleted;
            if (deleted < ForgetBatch)
            {
                return total;
            }
        }
    }
}
