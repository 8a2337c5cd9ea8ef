using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using RefundCluster.Grains;
using RefundCluster.Grains.Changes;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Orders;
using RefundCluster.Grains.Payouts;
using RefundCluster.Postgres;

namespace RefundCluster.Durable.Tests;

/// <summary>PostgresGrainStorage on real PostgreSQL: etag rules, batching of concurrent writes, clear, and what rides on a write (next wake-up, payout).</summary>
[Collection(DurableCollection.Name)]
public sealed class GrainStorageTests
{
    private const string State = "state";

    [Fact]
    public async Task Etags_advance_on_every_write_and_a_stale_or_duplicate_first_write_is_refused()
    {
        await using var database = await TestDatabase.Create();
        var storage = Storage(database);
        var grain = GrainId.Create("test", "etags");

        var first = new GrainState<Payload>(new Payload("a", 1));
        await storage.WriteStateAsync(State, grain, first);
        Assert.Equal("1", first.ETag);
        Assert.True(first.RecordExists);

        var rival = new GrainState<Payload>(new Payload("rival", 9)); // a second activation that also thinks it is first
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(State, grain, rival));

        first.State = new Payload("b", 2);
        await storage.WriteStateAsync(State, grain, first);
        Assert.Equal("2", first.ETag);

        var stale = new GrainState<Payload>(new Payload("stale", 0)) { ETag = "1" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(State, grain, stale));

        var read = new GrainState<Payload>();
        await storage.ReadStateAsync(State, grain, read);
        Assert.Equal(new Payload("b", 2), read.State);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task Concurrent_writes_of_many_grains_all_land_in_shared_statements()
    {
        await using var database = await TestDatabase.Create();
        var storage = Storage(database);
        var states = Enumerable.Range(0, 2000).Select(i => (Grain: GrainId.Create("test", $"g{i}"), State: new GrainState<Payload>(new Payload($"v{i}", i)))).ToList();

        await Task.WhenAll(states.Select(s => storage.WriteStateAsync(State, s.Grain, s.State)));
        await Task.WhenAll(states.Select(s =>
        {
            s.State.State = s.State.State! with { Counter = s.State.State.Counter + 1 };
            return storage.WriteStateAsync(State, s.Grain, s.State);
        }));

        Assert.All(states, s => Assert.Equal("2", s.State.ETag));
        Assert.Equal(2000, await database.Scalar<long>("SELECT count(*) FROM refundcluster_grain_state WHERE etag = 2"));
        var read = new GrainState<Payload>();
        await storage.ReadStateAsync(State, states[1234].Grain, read);
        Assert.Equal(new Payload("v1234", 1235), read.State);
    }

    [Fact]
    public async Task A_write_the_database_refuses_for_its_own_data_fails_alone_and_the_writes_sharing_its_statement_land()
    {
        await using var database = await TestDatabase.Create();
        var storage = Storage(database);
        var states = Enumerable.Range(0, 200).Select(i => (Grain: GrainId.Create("test", $"g{i}"), State: new GrainState<Payload>(new Payload($"v{i}", i)))).ToList();

        // A NUL in a text column is refused by PostgreSQL (SQLSTATE 22021): the statement carrying it fails whole.
        var writes = states.Select((s, i) => (I: i, Task: storage.WriteStateAsync(i == 77 ? "state\0" : State, s.Grain, s.State))).ToList();
        await Task.WhenAll(writes.Select(w => w.Task.ContinueWith(_ => { }, TaskScheduler.Default)));

        var refused = Assert.Single(writes, w => w.Task.IsFaulted);
        Assert.Equal(77, refused.I);
        Assert.Equal("22021", Assert.IsType<Npgsql.PostgresException>(refused.Task.Exception!.InnerException).SqlState);
        Assert.Equal(199, await database.Scalar<long>("SELECT count(*) FROM refundcluster_grain_state"));
    }

    [Fact]
    public async Task Clearing_keeps_the_etag_counting_so_a_stale_writer_still_fails()
    {
        await using var database = await TestDatabase.Create();
        var storage = Storage(database);
        var grain = GrainId.Create("test", "clear");
        var state = new GrainState<Payload>(new Payload("x", 1));
        await storage.WriteStateAsync(State, grain, state);
        var stale = new GrainState<Payload>(new Payload("old", 0)) { ETag = state.ETag };

        await storage.ClearStateAsync(State, grain, state);
        Assert.False(state.RecordExists);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(State, grain, stale));

        var read = new GrainState<Payload>();
        await storage.ReadStateAsync(State, grain, read);
        Assert.False(read.RecordExists);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task A_state_write_carries_its_next_wake_up_its_refund_ids_and_its_payouts_in_the_same_row_write_and_transaction()
    {
        await using var database = await TestDatabase.Create();
        var signal = new PayoutSignal();
        var storage = Storage(database, signal);
        var refund = GrainId.Create("order", "o-outbox");
        var due = new DateTimeOffset(2026, 11, 11, 0, 3, 0, TimeSpan.Zero).AddTicks(3); // not a whole microsecond
        var state = new GrainState<Entity>(new Entity { Name = "waiting", IndexedDue = due, RefundIds = ["r-outbox"] });
        await storage.WriteStateAsync(StorageNames.OrderState, refund, state);
        var locator = new GrainStateRefundLocator(database.DataSource, Options.Create(new ClusterOptions { ServiceId = "test-service" }));
        Assert.True(locator.FollowsGrainState);
        Assert.Equal(new RefundHolder("o-outbox", "shop-1"), await locator.HolderOf("r-outbox", TestContext.Current.CancellationToken));
        Assert.Null(await locator.HolderOf("r-elsewhere", TestContext.Current.CancellationToken));

        var deadlines = new PostgresDeadlineStore(database.DataSource, Options.Create(new ClusterOptions { ServiceId = "test-service" }), Options.Create(new DeadlineOptions()));
        var shard = DeadlineShardKey.For(refund, due, new DeadlineOptions());
        var loaded = Assert.Single(await deadlines.Load(shard));
        Assert.Equal(new DeadlineEntry(refund.ToString(), DeadlineEntry.Normalize(due), HeldByTarget: true), loaded);
        Assert.Equal([shard], await deadlines.ShardsDueBefore(due.AddSeconds(1), 10));
        Assert.Empty(await deadlines.ShardsDueBefore(due.AddSeconds(-1), 10));
        Assert.Equal(1, await deadlines.Count());

        // A stale write with a payout changes nothing: neither the state, nor the payout table.
        var payout = new PayoutRequest("r-outbox:payout", "r-outbox", "o-1", "shop-1", 12.5m, due);
        var stale = new GrainState<Entity>(new Entity { Name = "stale", Payouts = [payout], RefundIds = ["r-outbox", "r-stale"] }) { ETag = "7" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StorageNames.OrderState, refund, stale));
        Assert.Equal(0, await database.Scalar<long>("SELECT count(*) FROM refundcluster_payouts"));
        Assert.Empty(signal.TakeFresh(10));
        Assert.Null(await locator.HolderOf("r-stale", TestContext.Current.CancellationToken));

        // The ending write: the state, no more wake-up, and the payout row, in one statement.
        var second = new PayoutRequest("r-second:payout", "r-second", "o-1", "shop-1", 7m, due);
        state.State = new Entity { Name = "refunded", Payouts = [payout, second], RefundIds = ["r-outbox", "r-second"] };
        await storage.WriteStateAsync(StorageNames.OrderState, refund, state);
        Assert.Equal("2", state.ETag);
        Assert.Equal(12.5m, await database.Scalar<decimal>("SELECT amount FROM refundcluster_payouts WHERE payout_key = 'r-outbox:payout' AND status = 'pending'"));
        Assert.Equal(7m, await database.Scalar<decimal>("SELECT amount FROM refundcluster_payouts WHERE payout_key = 'r-second:payout' AND status = 'pending'"));
        Assert.Equal(new RefundHolder("o-outbox", "shop-1"), await locator.HolderOf("r-second", TestContext.Current.CancellationToken));
        Assert.Empty(await deadlines.Load(shard));
        Assert.Equal(0, await deadlines.Count());
        Assert.Equal([payout, second], signal.TakeFresh(10)); // handed to this silo's dispatcher at once

        // Writing the same payout again (a later write of the ended refund) is a no-op.
        await storage.WriteStateAsync(StorageNames.OrderState, refund, state);
        Assert.Equal(2, await database.Scalar<long>("SELECT count(*) FROM refundcluster_payouts"));
    }

    [Fact]
    public async Task A_write_claiming_a_refund_id_another_row_holds_is_refused_whole()
    {
        await using var database = await TestDatabase.Create();
        var storage = Storage(database);
        var locator = new GrainStateRefundLocator(database.DataSource, Options.Create(new ClusterOptions { ServiceId = "test-service" }));
        var holder = GrainId.Create("order", "o-holder");
        var held = new GrainState<Entity>(new Entity { Name = "holds", RefundIds = ["r-1"], RefundIdsToClaim = ["r-1"] });
        await storage.WriteStateAsync(StorageNames.OrderState, holder, held);

        // Another order claiming the same id, in a new row and in an existing one: nothing of either write lands.
        var other = GrainId.Create("order", "o-other");
        var payout = new PayoutRequest("r-1:payout", "r-1", "o-other", "shop-1", 5m, DateTimeOffset.UnixEpoch);
        var taking = new GrainState<Entity>(new Entity { Name = "takes", RefundIds = ["r-1"], RefundIdsToClaim = ["r-1"], Payouts = [payout] });
        var refused = await Assert.ThrowsAsync<RefundIdTakenException>(() => storage.WriteStateAsync(StorageNames.OrderState, other, taking));
        Assert.Equal("r-1", refused.RefundId);
        Assert.False(taking.RecordExists);
        var existing = new GrainState<Entity>(new Entity { Name = "own" });
        await storage.WriteStateAsync(StorageNames.OrderState, other, existing);
        existing.State = new Entity { Name = "takes", RefundIds = ["r-2", "r-1"], RefundIdsToClaim = ["r-2", "r-1"] };
        await Assert.ThrowsAsync<RefundIdTakenException>(() => storage.WriteStateAsync(StorageNames.OrderState, other, existing));
        Assert.Equal("1", existing.ETag);
        Assert.Equal(0, await database.Scalar<long>("SELECT count(*) FROM refundcluster_payouts"));
        Assert.Equal(new RefundHolder("o-holder", "shop-1"), await locator.HolderOf("r-1", TestContext.Current.CancellationToken));
        Assert.Null(await locator.HolderOf("r-2", TestContext.Current.CancellationToken));

        // The holder's own later writes keep the id (only new ids are claimed).
        held.State = new Entity { Name = "still holds", RefundIds = ["r-1"] };
        await storage.WriteStateAsync(StorageNames.OrderState, holder, held);
        Assert.Equal("2", held.ETag);
    }

    [Fact]
    public async Task Of_writes_claiming_the_same_new_refund_id_at_once_exactly_one_lands()
    {
        await using var database = await TestDatabase.Create();
        var storage = Storage(database);
        var writes = Enumerable.Range(0, 8).Select(i => (
            Grain: GrainId.Create("order", $"o-{i}"),
            State: new GrainState<Entity>(new Entity { Name = $"o-{i}", RefundIds = ["r-9"], RefundIdsToClaim = ["r-9"] }))).ToList();

        // Concurrent writes share statements (group commit): the claim is checked within a statement as well as against the table.
        var results = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await storage.WriteStateAsync(StorageNames.OrderState, w.Grain, w.State);
                return true;
            }
            catch (RefundIdTakenException)
            {
                return false;
            }
        }));

        Assert.Equal(1, results.Count(landed => landed));
        Assert.Equal(1, await database.Scalar<long>("SELECT count(*) FROM refundcluster_grain_state WHERE refund_ids @> ARRAY['r-9']"));
    }

    [Fact]
    public async Task On_a_large_table_the_claim_check_reads_the_refund_id_index_and_never_scans_the_table()
    {
        await using var database = await TestDatabase.Create();
        var storage = Storage(database);
        // 100,000 orders holding a refund each, analysed: a table where the inline check had chosen a scan per claim.
        await database.Execute("""
            INSERT INTO refundcluster_grain_state (service_id, grain_id, state_name, etag, payload, refund_ids)
            SELECT 'test-service', 'order/o-seed-' || i, 'order', 1, '\x7b7d'::bytea, ARRAY['r-seed-' || i]
            FROM generate_series(1, 100000) AS i
            """);
        await database.Execute("ANALYZE refundcluster_grain_state");
        var before = await TableStatistics(database, inserted: 100_000);

        // One statement with many claiming rows: new orders claiming fresh ids, and one claiming a seeded id.
        var writes = Enumerable.Range(0, 300).Select(i => (Grain: GrainId.Create("order", $"o-new-{i}"),
            State: new GrainState<Entity>(new Entity { Name = $"o-new-{i}", RefundIds = [$"r-new-{i}"], RefundIdsToClaim = [$"r-new-{i}"] }))).ToList();
        var thief = new GrainState<Entity>(new Entity { Name = "thief", RefundIds = ["r-seed-77"], RefundIdsToClaim = ["r-seed-77"] });
        var landed = writes.Select(w => storage.WriteStateAsync(StorageNames.OrderState, w.Grain, w.State)).ToList();
        var refused = Assert.ThrowsAsync<RefundIdTakenException>(() => storage.WriteStateAsync(StorageNames.OrderState, GrainId.Create("order", "o-thief"), thief));
        await Task.WhenAll(landed);
        Assert.Equal("r-seed-77", (await refused).RefundId);

        var after = await TableStatistics(database, inserted: 100_000 + writes.Count);
        Assert.Equal(before.SeqScans, after.SeqScans);
    }

    /// <summary>
    /// The table's sequential scans once its statistics count <paramref name="inserted"/> rows: a backend reports them
    /// some time after it went idle (up to about 10 s), the scans with the inserts of the same transactions.
    /// </summary>
    private static async Task<(long SeqScans, long Inserted)> TableStatistics(TestDatabase database, long inserted)
    {
        for (var waited = TimeSpan.Zero; ; waited += TimeSpan.FromMilliseconds(100))
        {
            var row = (await database.Rows("SELECT seq_scan, n_tup_ins FROM pg_stat_user_tables WHERE relname = 'refundcluster_grain_state'")).Single();
            var statistics = ((long)row[0], (long)row[1]);
            if (statistics.Item2 >= inserted || waited > TimeSpan.FromSeconds(30))
            {
                Assert.Equal(inserted, statistics.Item2);
                return statistics;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Changes_are_written_with_their_state_in_order_and_never_without_it()
    {
        await using var database = await TestDatabase.Create();
        var storage = Storage(database);
        var log = new PostgresChangeLog(database.DataSource, Options.Create(new ClusterOptions { ServiceId = "test-service" }));
        var at = new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);
        PendingChange Change(string type, string shop, string order, int version) =>
            new(type, shop, order, null, version, at, "{\"orderId\":\"" + order + "\",\"v\":" + version + "}");
        var a = new GrainState<Entity>(new Entity { Name = "a", Changes = [Change("order.paid", "shop-1", "o-a", 1)] });
        var b = new GrainState<Entity>(new Entity { Name = "b", Changes = [Change("order.paid", "shop-2", "o-b", 1)] });
        await Task.WhenAll(storage.WriteStateAsync(State, GrainId.Create("order", "o-a"), a), storage.WriteStateAsync(State, GrainId.Create("order", "o-b"), b));

        a.State = new Entity { Name = "a2", Changes = [Change("refund.created", "shop-1", "o-a", 2), Change("refund.succeeded", "shop-1", "o-a", 2)] };
        await storage.WriteStateAsync(State, GrainId.Create("order", "o-a"), a);
        var stale = new GrainState<Entity>(new Entity { Name = "stale", Changes = [Change("refund.closed", "shop-1", "o-a", 9)] }) { ETag = "1" };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(State, GrainId.Create("order", "o-a"), stale));

        var all = await log.Read(new ChangeQuery(0, [], [], 100), TestContext.Current.CancellationToken);
        Assert.Equal(4, all.Count); // the stale write's change is not there: no change without its state
        Assert.Equal(all.OrderBy(c => c.Cursor), all);
        Assert.Equal(["order.paid", "refund.created", "refund.succeeded"], all.Where(c => c.OrderId == "o-a").Select(c => c.Type));
        Assert.Equal("{\"orderId\":\"o-a\",\"v\":2}", all[^1].View);

        var shop2 = await log.Read(new ChangeQuery(0, ["shop-2"], [], 100), TestContext.Current.CancellationToken);
        Assert.Equal("o-b", Assert.Single(shop2).OrderId);
        var afterFirst = await log.Read(new ChangeQuery(all[0].Cursor, [], ["refund.succeeded"], 100), TestContext.Current.CancellationToken);
        Assert.Equal("refund.succeeded", Assert.Single(afterFirst).Type);
        Assert.Equal(all[^1].Cursor, await log.Latest(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_page_stops_before_a_change_whose_transaction_may_still_commit_with_a_smaller_cursor()
    {
        await using var database = await TestDatabase.Create();
        var log = new PostgresChangeLog(database.DataSource, Options.Create(new ClusterOptions { ServiceId = "test-service" }));
        const string insert = "INSERT INTO refundcluster_changes (cursor, service_id, shop_id, order_id, type, version, at, view) " +
            "VALUES ((pg_current_xact_id()::text::bigint << 16) + 1, 'test-service', 's', $1, 't', 1, now(), '{}')";
        var cancel = TestContext.Current.CancellationToken;

        // A slow writer takes its cursor (from its transaction id) and has not committed; a later one commits.
        await using var slow = await database.DataSource.OpenConnectionAsync(cancel);
        await using var transaction = await slow.BeginTransactionAsync(cancel);
        await using (var cmd = new Npgsql.NpgsqlCommand(insert, slow, transaction))
        {
            cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = "slow" });
            await cmd.ExecuteNonQueryAsync(cancel);
        }

        await using (var fast = database.DataSource.CreateCommand(insert))
        {
            fast.Parameters.Add(new Npgsql.NpgsqlParameter { Value = "fast" });
            await fast.ExecuteNonQueryAsync(cancel);
        }

        // Showing "fast" now would let a reader move its cursor past "slow" and never see it.
        Assert.Empty(await log.Read(new ChangeQuery(0, [], [], 100), cancel));
        Assert.Equal(0, await log.Latest(cancel)); // nor may a reader start after it

        await transaction.CommitAsync(cancel);
        Assert.Equal(["slow", "fast"], (await log.Read(new ChangeQuery(0, [], [], 100), cancel)).Select(c => c.OrderId));
    }

    [Fact]
    public async Task A_shops_latest_changes_are_one_per_entity_and_complete_up_to_where_the_log_goes_on()
    {
        await using var database = await TestDatabase.Create();
        var storage = Storage(database);
        var log = new PostgresChangeLog(database.DataSource, Options.Create(new ClusterOptions { ServiceId = "test-service" }));
        var cancel = TestContext.Current.CancellationToken;
        var at = new DateTimeOffset(2026, 11, 11, 0, 0, 0, TimeSpan.Zero);
        PendingChange Change(string shop, string order, string? refund, int version) => new("t", shop, order, refund, version, at, $"{{\"v\":{version}}}");
        var a = new GrainState<Entity>(new Entity { Name = "a", Changes = [Change("shop-1", "o-a", null, 1)] });
        await storage.WriteStateAsync(State, GrainId.Create("order", "o-a"), a);
        a.State = new Entity { Name = "a2", Changes = [Change("shop-1", "o-a", "r-1", 1), Change("shop-1", "o-a", null, 2), Change("shop-1", "o-a", "r-1", 2)] };
        await storage.WriteStateAsync(State, GrainId.Create("order", "o-a"), a);
        await storage.WriteStateAsync(State, GrainId.Create("order", "o-b"), new GrainState<Entity>(new Entity { Name = "b", Changes = [Change("shop-2", "o-b", null, 1)] }));

        var latest = await log.LatestOfShop("shop-1", cancel);

        Assert.Equal([("o-a", (string?)null, 2), ("o-a", "r-1", 2)], latest.Latest.Select(c => (c.OrderId, c.RefundId, c.Version)).OrderBy(c => c.RefundId));
        Assert.Empty(await log.Read(new ChangeQuery(latest.Through, ["shop-1"], [], 100), cancel));
        a.State = new Entity { Name = "a3", Changes = [Change("shop-1", "o-a", "r-1", 3)] };
        await storage.WriteStateAsync(State, GrainId.Create("order", "o-a"), a);
        Assert.Equal(3, Assert.Single(await log.Read(new ChangeQuery(latest.Through, ["shop-1"], [], 100), cancel)).Version);
        Assert.Empty((await log.LatestOfShop("shop-none", cancel)).Latest);
    }

    private static PostgresGrainStorage Storage(TestDatabase database, PayoutSignal? signal = null) =>
        new("test", "test-service", database.DataSource, new JsonStorageSerializer(), new DeadlineOptions(),
            new PayoutRecorder(new MemoryPayoutStore(), signal ?? new PayoutSignal(), new GrainStorageOutbox(RecordsPayouts: true)),
            NullLogger<PostgresGrainStorage>.Instance);

    /// <summary>A state as an order grain's: its shop, a next wake-up, its refunds' ids, and payouts to record with the write.</summary>
    public sealed class Entity : IIndexedDeadlineState, IPayoutOutboxState, IRefundLocatingState, IShopScopedState, IChangeOutboxState
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<PendingChange> Changes { get; set; } = [];

        IReadOnlyList<PendingChange> IChangeOutboxState.ChangesToRecord => Changes;

        public string Name { get; set; } = "";

        [System.Text.Json.Serialization.JsonIgnore]
        public string? ShopId => "shop-1";
        public DateTimeOffset? IndexedDue { get; set; }

        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyList<PayoutRequest> Payouts { get; set; } = [];

        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyCollection<string> RefundIds { get; set; } = [];

        [System.Text.Json.Serialization.JsonIgnore]
        public IReadOnlyCollection<string> RefundIdsToClaim { get; set; } = [];

        IReadOnlyList<PayoutRequest> IPayoutOutboxState.PayoutsToRecord => Payouts;
    }

    public sealed record Payload(string Name, int Counter)
    {
        public Payload() : this("", 0) { }
    }

    private sealed class JsonStorageSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input);

        public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>()!;
    }
}
