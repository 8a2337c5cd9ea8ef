using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;
using RefundCluster.Postgres;

namespace RefundCluster.Durable.Tests;

/// <summary>PostgresGrainStorage on real PostgreSQL: etag rules, batching of concurrent writes, clear.</summary>
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

    private static PostgresGrainStorage Storage(TestDatabase database) =>
        new("test", "test-service", database.DataSource, new JsonStorageSerializer(), NullLogger<PostgresGrainStorage>.Instance);

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
