using Npgsql;
using RefundCluster.Grains.Payouts;

namespace RefundCluster.Postgres;

/// <summary>The simulated gateway's books in <c>refundcluster_gateway_payments</c>, shared by every silo.</summary>
public sealed class PostgresGatewayLedger(NpgsqlDataSource db) : IGatewayLedger
{
    public async Task<string> PayOnce(PayoutRequest payout)
    {
        await using var cmd = db.CreateCommand(
            """
            INSERT INTO refundcluster_gateway_payments (payout_key, amount, reference) VALUES ($1, $2, $3)
            ON CONFLICT (payout_key) DO UPDATE SET calls = refundcluster_gateway_payments.calls + 1
            RETURNING reference
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = payout.Key });
        cmd.Parameters.Add(new NpgsqlParameter { Value = payout.Amount });
        cmd.Parameters.Add(new NpgsqlParameter { Value = $"sim-{Guid.NewGuid():N}" });
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
