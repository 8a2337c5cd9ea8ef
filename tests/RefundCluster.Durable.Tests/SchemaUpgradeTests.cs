namespace RefundCluster.Durable.Tests;

/// <summary>
/// Orders and refunds stored as separate grains (before the order aggregate) cannot be read by this version: applying
/// the schema to such a database stops before changing it, instead of leaving refunds that would never settle.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class SchemaUpgradeTests
{
    [Theory]
    [InlineData("refund", """{"Entity":{"RefundId":"r-1","OrderId":"o-1"}}""")]
    [InlineData("order", """{"Entity":{"OrderId":"o-1","ShopId":"s-1"},"Ledger":{}}""")]
    public async Task A_database_with_separately_stored_orders_or_refunds_is_refused_unchanged(string stateName, string payload)
    {
        await using var database = await TestDatabase.Create();
        await BeforeTheAggregate(database);
        await Insert(database, $"{stateName}/x-1", stateName, payload);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(database.ApplySchema);

        Assert.Contains("stored as separate grains", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await database.Scalar<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'refundcluster_grain_state' AND column_name = 'refund_ids'"));
    }

    [Fact]
    public async Task A_database_holding_only_other_states_is_upgraded_and_the_check_runs_once()
    {
        await using var database = await TestDatabase.Create();
        await BeforeTheAggregate(database);
        await Insert(database, "shoppolicy/s-1", "state", """{"Policy":{}}""");

        await database.ApplySchema();
        // Once the column exists the payloads are not looked at again (an aggregate's "Entity" holds "Order").
        await Insert(database, "order/o-2", "order", """{"Entity":{"OrderId":"o-2"}}""");
        await database.ApplySchema();

        Assert.Equal(1L, await database.Scalar<long>("SELECT count(*) FROM information_schema.columns WHERE table_name = 'refundcluster_grain_state' AND column_name = 'refund_ids'"));
    }

    /// <summary>The table as it was before schema 013.</summary>
    private static async Task BeforeTheAggregate(TestDatabase database)
    {
        await using var cmd = database.DataSource.CreateCommand("ALTER TABLE refundcluster_grain_state DROP COLUMN refund_ids");
        await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static async Task Insert(TestDatabase database, string grainId, string stateName, string payload)
    {
        await using var cmd = database.DataSource.CreateCommand(
            "INSERT INTO refundcluster_grain_state (service_id, grain_id, state_name, etag, payload) VALUES ('svc', $1, $2, 1, convert_to($3, 'UTF8'))");
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = grainId });
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = stateName });
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = payload });
        await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
