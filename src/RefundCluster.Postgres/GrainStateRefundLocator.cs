using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using RefundCluster.Grains.Orders;

namespace RefundCluster.Postgres;

/// <summary>
/// The refund locator read straight from <c>refundcluster_grain_state.refund_ids</c>, which
/// <see cref="PostgresGrainStorage"/> writes with every order state: a refund is found exactly when its order's state
/// holding it is stored, and claiming an id is part of that write (it fails if another row holds the id).
/// </summary>
public sealed class GrainStateRefundLocator(NpgsqlDataSource db, IOptions<ClusterOptions> cluster) : IRefundLocator
{
    public bool FollowsGrainState => true;

    public Task<bool> Claim(string refundId, RefundHolder holder) => Task.FromResult(true);

    public async Task<RefundHolder?> HolderOf(string refundId, CancellationToken cancellationToken = default)
    {
        await using var cmd = db.CreateCommand(
            // Through the GIN index on refund_ids only (see PostgresGrainStorage's claim check for the OFFSET 0).
            """
            SELECT grain_id, shop_id FROM (SELECT * FROM refundcluster_grain_state WHERE refund_ids @> ARRAY[$2]::text[] OFFSET 0) s
            WHERE service_id = $1 AND payload IS NOT NULL LIMIT 1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = refundId });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        // Grain ids are stored as "type/key": the key is the order id.
        var grainId = reader.GetString(0);
        return new RefundHolder(grainId[(grainId.IndexOf('/', StringComparison.Ordinal) + 1)..], reader.IsDBNull(1) ? "" : reader.GetString(1));
    }
}
