using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using RefundCluster.Grains;
using RefundCluster.Grains.Metrics;

namespace RefundCluster.Postgres;

/// <summary>
/// The shop directory read straight from <c>refundcluster_grain_state.shop_id</c>, which <see cref="PostgresGrainStorage"/>
/// writes with every order and refund state: registration costs nothing, and an entity is listed exactly when its
/// state is stored.
/// </summary>
public sealed class GrainStateShopDirectory(NpgsqlDataSource db, IOptions<ClusterOptions> cluster) : IShopDirectory
{
    public bool FollowsGrainState => true;

    public Task Register(string shopId, ShopEntityKind kind, string entityId) => Task.CompletedTask;

    public async Task<IReadOnlyList<string>> List(string shopId, ShopEntityKind kind, CancellationToken cancellationToken = default)
    {
        if (kind != ShopEntityKind.Order)
        {
            return []; // refunds are stored in their order's row
        }

        await using var cmd = db.CreateCommand(
            "SELECT grain_id FROM refundcluster_grain_state WHERE service_id = $1 AND shop_id = $2 AND state_name = $3 AND payload IS NOT NULL");
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = shopId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = StorageNames.OrderState });
        var ids = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Grain ids are stored as "type/key": the key is the order or refund id.
            var grainId = reader.GetString(0);
            ids.Add(grainId[(grainId.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        }

        return ids;
    }
}
