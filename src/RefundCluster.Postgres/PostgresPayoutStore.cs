using Npgsql;
using NpgsqlTypes;
using RefundCluster.Grains.Payouts;

namespace RefundCluster.Postgres;

/// <summary>The payout table <c>refundcluster_payouts</c>, unique by payout key.</summary>
public sealed class PostgresPayoutStore(NpgsqlDataSource db) : IPayoutStore
{
    private const string Columns = "payout_key, refund_id, order_id, shop_id, amount, decided_at, status, attempts, gateway_reference, last_error, paid_at";

    public async Task Record(IReadOnlyList<PayoutRequest> requests)
    {
        // Insert what is new; then read back every key, so that a key stored with other content is caught, not ignored.
        await using var cmd = db.CreateCommand(
            """
            WITH incoming AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[], $6::timestamptz[])
                    AS x(payout_key, refund_id, order_id, shop_id, amount, decided_at)),
            inserted AS (
                INSERT INTO refundcluster_payouts (payout_key, refund_id, order_id, shop_id, amount, decided_at)
                SELECT * FROM incoming ON CONFLICT (payout_key) DO NOTHING RETURNING payout_key)
            SELECT p.payout_key, p.refund_id, p.order_id, p.shop_id, p.amount, p.decided_at
            FROM refundcluster_payouts p JOIN incoming i USING (payout_key)
            WHERE p.payout_key NOT IN (SELECT payout_key FROM inserted)
            """);
        cmd.Parameters.Add(NpgsqlArrays.Text(requests.Select(r => r.Key)));
        cmd.Parameters.Add(NpgsqlArrays.Text(requests.Select(r => r.RefundId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(requests.Select(r => r.OrderId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(requests.Select(r => r.ShopId)));
        cmd.Parameters.Add(new NpgsqlParameter { Value = requests.Select(r => r.Amount).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
        cmd.Parameters.Add(new NpgsqlParameter { Value = requests.Select(r => r.DecidedAt.ToUniversalTime()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        var byKey = requests.ToDictionary(r => r.Key);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var stored = ReadRequest(reader);
            if (byKey[stored.Key] is var requested && !SameContent(requested, stored))
            {
                throw new PayoutConflictException(requested, stored);
            }
        }
    }

    public async Task<IReadOnlyList<PayoutRecord>> LeaseDue(int max, TimeSpan lease, DateTimeOffset now, DateTimeOffset orphanedBefore)
    {
        // Two index scans: rows tried before whose retry time has come, and untried rows recorded long enough ago.
        await using var cmd = db.CreateCommand(
            $"""
            UPDATE refundcluster_payouts SET not_before = $2
            WHERE payout_key IN (
                SELECT payout_key FROM refundcluster_payouts
                WHERE status = 'pending' AND not_before <= $1 AND (attempts > 0 OR recorded_at < $4)
                ORDER BY not_before LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = now.ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (now + lease).ToUniversalTime() });
        cmd.Parameters.Add(new NpgsqlParameter { Value = max });
        cmd.Parameters.Add(new NpgsqlParameter { Value = orphanedBefore.ToUniversalTime() });
        return await ReadRecords(cmd);
    }

    public async Task MarkPaid(IReadOnlyList<PaidPayout> paid)
    {
        await using var cmd = db.CreateCommand(
            """
            UPDATE refundcluster_payouts p
            SET status = 'paid', attempts = p.attempts + 1, gateway_reference = x.reference, paid_at = x.at, last_error = NULL
            FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS x(payout_key, reference, at)
            WHERE p.payout_key = x.payout_key AND p.status = 'pending'
            """);
        cmd.Parameters.Add(NpgsqlArrays.Text(paid.Select(p => p.Key)));
        cmd.Parameters.Add(NpgsqlArrays.Text(paid.Select(p => p.GatewayReference)));
        cmd.Parameters.Add(new NpgsqlParameter { Value = paid.Select(p => p.At.ToUniversalTime()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await cmd.ExecuteNonQueryAsync();
    }

    public Task MarkFailed(string key, string error, DateTimeOffset retryAt) => Execute(
        "UPDATE refundcluster_payouts SET attempts = attempts + 1, last_error = $2, not_before = $3 WHERE payout_key = $1 AND status = 'pending'",
        key, error, retryAt.ToUniversalTime());

    public async Task<PayoutRecord?> Find(string key)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns} FROM refundcluster_payouts WHERE payout_key = $1");
        cmd.Parameters.Add(new NpgsqlParameter { Value = key });
        return (await ReadRecords(cmd)).SingleOrDefault();
    }

    private async Task Execute(string sql, params object[] values)
    {
        await using var cmd = db.CreateCommand(sql);
        foreach (var value in values)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<IReadOnlyList<PayoutRecord>> ReadRecords(NpgsqlCommand cmd)
    {
        var records = new List<PayoutRecord>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            records.Add(new PayoutRecord(
                ReadRequest(reader),
                reader.GetString(6) == "paid" ? PayoutStatus.Paid : PayoutStatus.Pending,
                reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10)));
        }

        return records;
    }

    private static PayoutRequest ReadRequest(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        reader.GetDecimal(4), reader.GetFieldValue<DateTimeOffset>(5));

    /// <summary>Timestamps come back in UTC and at microsecond precision, so compare them as the database stores them.</summary>
    private static bool SameContent(PayoutRequest a, PayoutRequest b) =>
        a with { DecidedAt = Truncate(a.DecidedAt) } == b with { DecidedAt = Truncate(b.DecidedAt) };

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

}
