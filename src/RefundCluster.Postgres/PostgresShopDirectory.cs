using Npgsql;
using NpgsqlTypes;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Storage;

namespace RefundCluster.Postgres;

/// <summary>The shop directory in <c>refundcluster_shop_entities</c>; registrations from a whole silo share one insert.</summary>
public sealed class PostgresShopDirectory : IShopDirectory
{
    private readonly NpgsqlDataSource _db;
    private readonly BatchWriter<(string Shop, ShopEntityKind Kind, string Id)> _writer;

    public PostgresShopDirectory(NpgsqlDataSource db)
    {
        _db = db;
        _writer = new(Insert);
    }

    public Task Register(string shopId, ShopEntityKind kind, string entityId) => _writer.Write((shopId, kind, entityId));

    public async Task<IReadOnlyList<string>> List(string shopId, ShopEntityKind kind, CancellationToken cancellationToken = default)
    {
        await using var cmd = _db.CreateCommand("SELECT entity_id FROM refundcluster_shop_entities WHERE shop_id = $1 AND kind = $2");
        cmd.Parameters.Add(new NpgsqlParameter { Value = shopId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (short)kind });
        var ids = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task Insert(IReadOnlyList<(string Shop, ShopEntityKind Kind, string Id)> entries)
    {
        await using var cmd = _db.CreateCommand(
            """
            INSERT INTO refundcluster_shop_entities (shop_id, kind, entity_id)
            SELECT * FROM unnest($1::text[], $2::smallint[], $3::text[]) ON CONFLICT DO NOTHING
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Shop).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => (short)e.Kind).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        cmd.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Id).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await cmd.ExecuteNonQueryAsync();
    }
}
