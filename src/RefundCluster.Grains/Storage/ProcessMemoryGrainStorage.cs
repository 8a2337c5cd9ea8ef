using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Storage;
using RefundCluster.Grains.Changes;
using RefundCluster.Grains.Payouts;

namespace RefundCluster.Grains.Storage;

/// <summary>
/// The embedded single-silo mode's grain storage: states kept in this process, as serialized copies (so a reload
/// returns what was stored, never an activation's unstored changes), with the same etag rules and the same payout
/// outbox as the PostgreSQL storage. Orleans' own memory storage sends every read and write through a few storage
/// grains, which caps a whole silo at what those grains can serialise; this one costs a dictionary update. The changes a
/// write makes true go to the (in-memory) change log as the write completes. It holds
/// nothing across processes, so it is only for a cluster of one silo.
/// </summary>
public sealed class ProcessMemoryGrainStorage(IGrainStorageSerializer serializer, PayoutRecorder recorder, IChangeLog changes, Recording.IRecording recording) : IGrainStorage
{
    private readonly ConcurrentDictionary<(GrainId, string), Stored> _states = new();

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_states.TryGetValue((grainId, stateName), out var stored))
        {
            grainState.ETag = stored.Etag.ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = stored.Payload is not null;
            grainState.State = stored.Payload is { } payload ? serializer.Deserialize<T>(payload) : Activator.CreateInstance<T>();
        }
        else
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = Activator.CreateInstance<T>();
        }

        return Task.CompletedTask;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payouts = (grainState.State as IPayoutOutboxState)?.PayoutsToRecord ?? [];
        Put(stateName, grainId, grainState, serializer.Serialize(grainState.State));
        grainState.RecordExists = true;
        changes.Append((grainState.State as IChangeOutboxState)?.ChangesToRecord ?? []);
        recording.Append((grainState.State as Recording.IRecordingOutboxState)?.InputsToRecord ?? []);
        foreach (var payout in payouts)
        {
            // After the state, as PostgreSQL's statement does it (only a written state records its payouts).
            await recorder.Record(payout);
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Put(stateName, grainId, grainState, null);
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    private void Put<T>(string stateName, GrainId grainId, IGrainState<T> grainState, BinaryData? payload)
    {
        var expected = grainState.ETag is null ? 0 : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var key = (grainId, stateName);
        var written = expected == 0
            ? _states.TryAdd(key, new Stored(1, payload))
            : _states.TryGetValue(key, out var current) && current.Etag == expected && _states.TryUpdate(key, new Stored(expected + 1, payload), current);
        if (!written)
        {
            throw new InconsistentStateException(
                $"Grain storage: {grainId}/{stateName} is not at etag {expected} any more.", "unknown", expected.ToString(CultureInfo.InvariantCulture));
        }

        grainState.ETag = (expected + 1).ToString(CultureInfo.InvariantCulture);
    }

    private sealed record Stored(long Etag, BinaryData? Payload);
}
