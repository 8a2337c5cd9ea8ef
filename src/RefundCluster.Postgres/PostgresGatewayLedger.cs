using Npgsql;
using NpgsqlTypes;
using RefundCluster.Grains.Payouts;
using RefundCluster.Grains.Storage;

namespace RefundCluster.Postgres;

/// <summary>
/// The simulated gateway's books in <c>refundcluster_gateway_payments</c>, shared by every silo. Payments asked for
/// while one statement runs go into the next (group commit), as a real provider's books would not cost this database
/// a commit per payout.
/// </summary>
public sealed class PostgresGatewayLedger(NpgsqlDataSource db) : IGatewayLedger
{
    private GroupCommit<PendingPayment>? _payments;

    private GroupCommit<PendingPayment> Payments => LazyInitializer.EnsureInitialized(ref _payments, () => new(
        Execute, (p, e) => p.Done.TrySetException(e),
        new() { KeyOf = p => p.Payout.Key, Linger = PostgresGrainStorage.WriteLinger, SplitOn = PostgresFailures.MayBeOneRows }));

    public Task<string> PayOnce(PayoutRequest payout)
    {
        var payment = new PendingPayment(payout, $"sim-{Guid.NewGuid():N}");
        Payments.Enqueue(payment);
        return payment.Done.Task;
    }

    private async Task Execute(List<PendingPayment> batch)
    {
        // Keys are unique within a batch (the queue never puts one key twice in a batch).
        await using var cmd = db.CreateCommand(
            """
            INSERT INTO refundcluster_gateway_payments AS g (payout_key, amount, reference)
            SELECT * FROM unnest($1::text[], $2::numeric[], $3::text[])
            ON CONFLICT (payout_key) DO UPDATE SET calls = g.calls + 1
            RETURNING payout_key, reference
            """);
        cmd.Parameters.Add(NpgsqlArrays.Text(batch.Select(p => p.Payout.Key)));
        cmd.Parameters.Add(new NpgsqlParameter { Value = batch.Select(p => p.Payout.Amount).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Numeric });
        cmd.Parameters.Add(NpgsqlArrays.Text(batch.Select(p => p.Reference)));
        var references = new Dictionary<string, string>(batch.Count);
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                references[reader.GetString(0)] = reader.GetString(1);
            }
        }

        foreach (var payment in batch)
        {
            if (references.TryGetValue(payment.Payout.Key, out var reference))
            {
                payment.Done.TrySetResult(reference);
            }
            else
            {
                payment.Done.TrySetException(new PaymentGatewayException($"simulated gateway lost the payment of {payment.Payout.Key}"));
            }
        }
    }

    private sealed record PendingPayment(PayoutRequest Payout, string Reference)
    {
        public TaskCompletionSource<string> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
