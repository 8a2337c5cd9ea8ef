using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using RefundCluster.Contracts.Changes;
using RefundCluster.Grains.Changes;

namespace RefundCluster.Postgres;

/// <summary>
/// The change log in <c>refundcluster_changes</c>, written by <see cref="PostgresGrainStorage"/> in the statement that
/// writes the states. A cursor is its transaction's id times <see cref="ChangesPerTransaction"/> plus its place in the
/// statement, and a page stops below the oldest transaction still running (<c>pg_snapshot_xmin</c>): every change below
/// that bound is committed or never will be, and every change still to commit lies above it, so a reader that
/// continues after the last cursor it was given skips nothing.
/// </summary>
public sealed class PostgresChangeLog(NpgsqlDataSource db, IOptions<ClusterOptions> cluster) : IChangeLog
{
    /// <summary>How many changes one transaction may record (the low 16 bits of a cursor).</summary>
    public const int ChangesPerTransaction = 1 << 16;

    /// <summary>The cursor bound below which every change is final: the oldest running transaction's first cursor.</summary>
    private const string Settled = "(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 16)";

    /// <summary><c>ix_refundcluster_changes_shop</c> (service, shop, cursor).</summary>
    public bool IndexedByShop => true;

    public void Append(IReadOnlyList<PendingChange> changes) =>
        throw new NotSupportedException("PostgreSQL records changes in the statement that writes their state.");

    public async Task<long> Latest(CancellationToken cancel)
    {
        await using var cmd = db.CreateCommand(
            $"SELECT coalesce(max(cursor), 0) FROM refundcluster_changes WHERE service_id = $1 AND cursor < {Settled}");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        return (long)(await cmd.ExecuteScalarAsync(cancel))!;
    }

    public async Task<ShopLatestChanges> LatestOfShop(string shopId, CancellationToken cancel)
    {
        // The bound and the rows come from one statement's snapshot: every change below the bound is in it.
        await using var cmd = db.CreateCommand(
            $"""
            WITH bound AS (SELECT {Settled} AS settled)
            SELECT DISTINCT ON (c.order_id, c.refund_id) c.cursor, c.type, c.shop_id, c.order_id, c.refund_id, c.version, c.at, c.view, b.settled
            FROM bound b LEFT JOIN refundcluster_changes c ON c.service_id = $1 AND c.shop_id = $2 AND c.cursor < b.settled
            ORDER BY c.order_id, c.refund_id, c.cursor DESC
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = shopId });

        var latest = new List<ChangeRecord>();
        long settled = 0;
        await using var reader = await cmd.ExecuteReaderAsync(cancel);
        while (await reader.ReadAsync(cancel))
        {
            settled = reader.GetInt64(8);
            if (!reader.IsDBNull(0))
            {
                latest.Add(ReadRecord(reader));
            }
        }

        return new ShopLatestChanges(latest, settled - 1);
    }

    public async Task<IReadOnlyList<ChangeRecord>> Read(ChangeQuery query, CancellationToken cancel)
    {
        await using var cmd = db.CreateCommand(
            $"""
            SELECT cursor, type, shop_id, order_id, refund_id, version, at, view
            FROM refundcluster_changes
            WHERE service_id = $1 AND cursor > $2 AND cursor < {Settled}
              AND ($3::text[] IS NULL OR shop_id = ANY($3)) AND ($4::text[] IS NULL OR type = ANY($4))
            ORDER BY cursor
            LIMIT $5
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = query.After });
        cmd.Parameters.Add(NpgsqlArrays.TextOrNull(query.Shops.IsDefault ? [] : query.Shops));
        cmd.Parameters.Add(NpgsqlArrays.TextOrNull(query.Types.IsDefault ? [] : query.Types));
        cmd.Parameters.Add(new NpgsqlParameter { Value = query.Limit });

        var page = new List<ChangeRecord>();
        await using var reader = await cmd.ExecuteReaderAsync(cancel);
        while (await reader.ReadAsync(cancel))
        {
            page.Add(ReadRecord(reader));
        }

        return page;
    }

    private static ChangeRecord ReadRecord(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7));
}
