using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.Storage;
using RefundCluster.Grains.Storage;
using RefundCluster.Grains;
using RefundCluster.Grains.Changes;
using RefundCluster.Grains.Recording;
using RefundCluster.Grains.Deadlines;
using RefundCluster.Grains.Metrics;
using RefundCluster.Grains.Orders;
using RefundCluster.Grains.Payouts;
using RefundCluster.Grains.Telemetry;

namespace RefundCluster.Postgres;

/// <summary>
/// Grain storage on <c>refundcluster_grain_state</c> with group commit for writes and grouped reads. Orleans' stock ADO.NET provider runs one
/// stored-function call and one commit per write; here every write waiting while one runs goes into the next single
/// statement (an UPDATE for known etags, an INSERT for new states, one commit), so under load the per-write cost is a
/// share of one round trip and one fsync. Optimistic concurrency is kept per grain: a write whose etag is not the
/// stored one fails with <see cref="InconsistentStateException"/>.
/// What a state carries besides its payload goes into the same statement, so an entity's accepted event is one row
/// write: its shop (<see cref="IShopScopedState"/>), its next wake-up (<see cref="IIndexedDeadlineState"/>: the
/// <c>next_due</c> column is the entities' deadline index), its refunds' ids (<see cref="IRefundLocatingState"/>: the
/// <c>refund_ids</c> column; a write claiming an id another row holds is refused whole with
/// <see cref="RefundIdTakenException"/>) and the payouts to record (<see cref="IPayoutOutboxState"/>: inserted only if
/// the state write succeeded, a transactional outbox), and the changes it makes true (<see cref="IChangeOutboxState"/>:
/// the change log's rows, likewise only with their state), and the recording's lines (<see cref="IRecordingOutboxState"/>:
/// the inputs the write accepted and the deadlines it fired).
/// </summary>
public sealed class PostgresGrainStorage(
    string name,
    string serviceId,
    NpgsqlDataSource db,
    IGrainStorageSerializer serializer,
    DeadlineOptions deadlines,
    PayoutRecorder payouts,
    ILogger<PostgresGrainStorage> log) : IGrainStorage
{
    /// <summary>While the database is away every batch fails: one line per 10 s, saying how many were left out.</summary>
    private readonly LogThrottle _failures = new(TimeProvider.System, LogThrottle.DefaultWindow);
    private GroupCommit<PendingWrite>? _writes;
    private GroupCommit<PendingRead>? _reads;

    // One queue each per storage instance (published once even if two threads race to create it).
    /// <summary>A write waits up to this long for others to share its commit (unless plenty are already waiting).</summary>
    public static readonly TimeSpan WriteLinger = TimeSpan.FromMilliseconds(2);

    private GroupCommit<PendingWrite> Writes => LazyInitializer.EnsureInitialized(ref _writes, () => new(
        ExecuteWrites, (w, e) => Fail(w.Done, e, "writes"),
        new() { KeyOf = w => (w.GrainId, w.StateName), Linger = WriteLinger, SplitOn = PostgresFailures.MayBeOneRows }));

    private GroupCommit<PendingRead> Reads => LazyInitializer.EnsureInitialized(ref _reads, () => new(
        ExecuteReads, (r, e) => Fail(r.Done, e, "reads"), new() { KeyOf = r => (r.GrainId, r.StateName) }));

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var read = new PendingRead(grainId.ToString(), stateName);
        Reads.Enqueue(read);
        if (await read.Done.Task is not var (etag, payload))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = payload is not null;
        grainState.State = payload is not null ? serializer.Deserialize<T>(new BinaryData(payload)) : Activator.CreateInstance<T>();
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var due = (grainState.State as IIndexedDeadlineState)?.IndexedDue is { } indexed ? DeadlineEntry.Normalize(indexed) : (DateTimeOffset?)null;
        var write = new PendingWrite(grainId.ToString(), stateName, ExpectedEtag(grainState.ETag), payload, (grainState.State as IShopScopedState)?.ShopId)
        {
            NextDue = due,
            DueShard = due is { } d ? DeadlineShardKey.For(grainId, d, deadlines) : null,
            Payouts = (grainState.State as IPayoutOutboxState)?.PayoutsToRecord ?? [],
            Changes = (grainState.State as IChangeOutboxState)?.ChangesToRecord ?? [],
            Inputs = (grainState.State as IRecordingOutboxState)?.InputsToRecord ?? [],
            RefundIds = (grainState.State as IRefundLocatingState)?.RefundIds is { Count: > 0 } refundIds ? [.. refundIds] : null,
            RefundIdsToClaim = (grainState.State as IRefundLocatingState)?.RefundIdsToClaim is { Count: > 0 } claims ? [.. claims] : null,
        };
        Writes.Enqueue(write);
        var etag = await write.Done.Task;
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // A cleared state keeps its row (payload NULL) so that the etag keeps counting and a stale writer still fails.
        var write = new PendingWrite(grainId.ToString(), stateName, ExpectedEtag(grainState.ETag), null, null);
        Writes.Enqueue(write);
        var etag = await write.Done.Task;
        grainState.ETag = etag.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private static long ExpectedEtag(string? etag) => etag is null ? 0 : long.Parse(etag, CultureInfo.InvariantCulture);

    private void Fail<TResult>(TaskCompletionSource<TResult> done, Exception e, string what)
    {
        if (_failures.ShouldWrite(out var leftOut))
        {
            log.LogWarning(e, "Grain storage {Name}: a batch of {What} failed ({LeftOut} more failed batches left out of the log since the last line)", name, what, leftOut);
        }

        done.TrySetException(e);
    }

    /// <summary>Activations starting together (a burst of new orders) share one SELECT.</summary>
    private async Task ExecuteReads(List<PendingRead> batch)
    {
        await using var cmd = db.CreateCommand(
            """
            SELECT s.grain_id, s.state_name, s.etag, s.payload
            FROM refundcluster_grain_state s JOIN unnest($2::text[], $3::text[]) AS x(grain_id, state_name)
                ON s.grain_id = x.grain_id AND s.state_name = x.state_name
            WHERE s.service_id = $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        cmd.Parameters.Add(NpgsqlArrays.Text(batch.Select(r => r.GrainId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(batch.Select(r => r.StateName)));
        var found = new Dictionary<(string, string), (long, byte[]?)>(batch.Count);
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                found[(reader.GetString(0), reader.GetString(1))] = (reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3));
            }
        }

        foreach (var read in batch)
        {
            read.Done.TrySetResult(found.TryGetValue((read.GrainId, read.StateName), out var row) ? row : null);
        }
    }

    private async Task ExecuteWrites(List<PendingWrite> batch)
    {
        // One statement, one implicit transaction: the states whose etag matches are written, then the payouts of
        // exactly those states are inserted (a payout key is unique: recording it twice is recording it once). A row
        // claiming a refund id another row holds is not written. The claim check looks up all of the statement's
        // claimed ids at once through refundcluster_refund_holders (schema 017), which reads the GIN index on
        // refund_ids whatever the table's size: compared row by row inline, the planner scanned the whole table once
        // per claiming row.
        await using var cmd = db.CreateCommand(
            """
            WITH rows AS (
                SELECT x.*,
                    (SELECT array_agg(r.refund_id) FROM unnest($17::int[], $18::text[]) AS r(ord, refund_id) WHERE r.ord = x.ord) AS refund_ids,
                    (SELECT array_agg(c.refund_id) FROM unnest($19::int[], $20::text[]) AS c(ord, refund_id) WHERE c.ord = x.ord) AS claims
                FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bytea[], $6::text[], $7::timestamptz[], $8::text[])
                    WITH ORDINALITY AS x(grain_id, state_name, expected, payload, shop_id, next_due, due_shard, ord)),
            held AS (SELECT * FROM refundcluster_refund_holders($1, $20::text[])),
            checked AS (
                SELECT r.*, r.claims IS NOT NULL AND (
                    EXISTS (SELECT 1 FROM held h WHERE h.refund_id = ANY (r.claims) AND h.grain_id <> r.grain_id)
                    -- two rows of this statement claiming the same id: the first one keeps it
                    OR EXISTS (SELECT 1 FROM rows e WHERE e.ord < r.ord AND e.grain_id <> r.grain_id AND e.claims && r.claims)) AS taken
                FROM rows r),
            input AS (SELECT * FROM checked WHERE NOT taken),
            updated AS (
                UPDATE refundcluster_grain_state s
                SET etag = s.etag + 1, payload = i.payload, shop_id = i.shop_id, next_due = i.next_due, due_shard = i.due_shard,
                    refund_ids = i.refund_ids, modified_at = now()
                FROM input i
                WHERE i.expected > 0 AND s.service_id = $1 AND s.grain_id = i.grain_id AND s.state_name = i.state_name AND s.etag = i.expected
                RETURNING s.grain_id, s.state_name, s.etag),
            inserted AS (
                INSERT INTO refundcluster_grain_state (service_id, grain_id, state_name, etag, payload, shop_id, next_due, due_shard, refund_ids)
                SELECT $1, grain_id, state_name, 1, payload, shop_id, next_due, due_shard, refund_ids FROM input WHERE expected = 0
                ON CONFLICT DO NOTHING
                RETURNING grain_id, state_name, etag),
            written AS (
                SELECT grain_id, state_name, etag FROM updated UNION ALL SELECT grain_id, state_name, etag FROM inserted),
            payouts AS (
                INSERT INTO refundcluster_payouts (payout_key, refund_id, order_id, shop_id, amount, decided_at)
                SELECT p.payout_key, p.refund_id, p.order_id, p.shop_id, p.amount, p.decided_at
                FROM unnest($9::text[], $16::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::numeric[], $15::timestamptz[])
                    AS p(grain_id, state_name, payout_key, refund_id, order_id, shop_id, amount, decided_at)
                JOIN written w ON w.grain_id = p.grain_id AND w.state_name = p.state_name
                ON CONFLICT (payout_key) DO NOTHING),
            changes AS (
                INSERT INTO refundcluster_changes (cursor, service_id, shop_id, order_id, refund_id, type, version, at, view)
                SELECT (pg_current_xact_id()::text::bigint << 16) + c.n, $1, c.shop_id, c.order_id, c.refund_id, c.type, c.version, c.at, c.view
                FROM unnest($21::text[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::int[], $28::timestamptz[], $29::text[])
                    WITH ORDINALITY AS c(grain_id, state_name, shop_id, order_id, refund_id, type, version, at, view, n)
                JOIN written w ON w.grain_id = c.grain_id AND w.state_name = c.state_name
                ORDER BY c.n),
            recorded AS (
                INSERT INTO refundcluster_recording (seq, service_id, shop_id, order_id, at, line)
                SELECT (pg_current_xact_id()::text::bigint << 16) + i.n, $1, i.shop_id, i.order_id, i.at, i.line
                FROM unnest($30::text[], $31::text[], $32::text[], $33::text[], $34::timestamptz[], $35::text[])
                    WITH ORDINALITY AS i(grain_id, state_name, shop_id, order_id, at, line, n)
                JOIN written w ON w.grain_id = i.grain_id AND w.state_name = i.state_name)
            SELECT grain_id, state_name, etag FROM written
            UNION ALL SELECT grain_id, state_name, -1 FROM checked WHERE taken
            """);
        var outbox = batch.SelectMany(w => w.Payouts.Select(p => (w.GrainId, w.StateName, Payout: p))).ToList();
        var changes = batch.SelectMany(w => w.Changes.Select(c => (w.GrainId, w.StateName, Change: c))).ToList();
        var inputs = batch.SelectMany(w => w.Inputs.Select(i => (w.GrainId, w.StateName, Input: i))).ToList();
        if (changes.Count >= PostgresChangeLog.ChangesPerTransaction || inputs.Count >= PostgresChangeLog.ChangesPerTransaction)
        {
            throw new InvalidOperationException($"One statement may record fewer than {PostgresChangeLog.ChangesPerTransaction} changes and inputs (their keys are its transaction id's).");
        }

        var refundIds = batch.SelectMany((w, i) => (w.RefundIds ?? []).Select(id => (Row: i + 1, Id: id))).ToList();
        var claims = batch.SelectMany((w, i) => (w.RefundIdsToClaim ?? []).Select(id => (Row: i + 1, Id: id))).ToList();
        cmd.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        cmd.Parameters.Add(NpgsqlArrays.Text(batch.Select(w => w.GrainId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(batch.Select(w => w.StateName)));
        cmd.Parameters.Add(NpgsqlArrays.Bigint(batch.Select(w => w.ExpectedEtag)));
        cmd.Parameters.Add(NpgsqlArrays.Bytea(batch.Select(w => w.Payload)));
        cmd.Parameters.Add(NpgsqlArrays.Text(batch.Select(w => w.ShopId)));
        cmd.Parameters.Add(NpgsqlArrays.TimestampTz(batch.Select(w => w.NextDue)));
        cmd.Parameters.Add(NpgsqlArrays.Text(batch.Select(w => w.DueShard)));
        cmd.Parameters.Add(NpgsqlArrays.Text(outbox.Select(p => p.GrainId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(outbox.Select(p => p.Payout.Key)));
        cmd.Parameters.Add(NpgsqlArrays.Text(outbox.Select(p => p.Payout.RefundId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(outbox.Select(p => p.Payout.OrderId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(outbox.Select(p => p.Payout.ShopId)));
        cmd.Parameters.Add(NpgsqlArrays.Numeric(outbox.Select(p => p.Payout.Amount)));
        cmd.Parameters.Add(NpgsqlArrays.TimestampTz(outbox.Select(p => p.Payout.DecidedAt)));
        cmd.Parameters.Add(NpgsqlArrays.Text(outbox.Select(p => p.StateName)));
        cmd.Parameters.Add(NpgsqlArrays.Integer(refundIds.Select(r => r.Row)));
        cmd.Parameters.Add(NpgsqlArrays.Text(refundIds.Select(r => r.Id)));
        cmd.Parameters.Add(NpgsqlArrays.Integer(claims.Select(r => r.Row)));
        cmd.Parameters.Add(NpgsqlArrays.Text(claims.Select(r => r.Id)));
        cmd.Parameters.Add(NpgsqlArrays.Text(changes.Select(c => c.GrainId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(changes.Select(c => c.StateName)));
        cmd.Parameters.Add(NpgsqlArrays.Text(changes.Select(c => c.Change.ShopId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(changes.Select(c => c.Change.OrderId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(changes.Select(c => c.Change.RefundId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(changes.Select(c => c.Change.Type)));
        cmd.Parameters.Add(NpgsqlArrays.Integer(changes.Select(c => c.Change.Version)));
        cmd.Parameters.Add(NpgsqlArrays.TimestampTz(changes.Select(c => c.Change.At)));
        cmd.Parameters.Add(NpgsqlArrays.Text(changes.Select(c => c.Change.View)));
        cmd.Parameters.Add(NpgsqlArrays.Text(inputs.Select(i => i.GrainId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(inputs.Select(i => i.StateName)));
        cmd.Parameters.Add(NpgsqlArrays.Text(inputs.Select(i => i.Input.ShopId)));
        cmd.Parameters.Add(NpgsqlArrays.Text(inputs.Select(i => i.Input.OrderId)));
        cmd.Parameters.Add(NpgsqlArrays.TimestampTz(inputs.Select(i => i.Input.At)));
        cmd.Parameters.Add(NpgsqlArrays.Text(inputs.Select(i => i.Input.Line)));

        var written = new Dictionary<(string, string), long>(batch.Count);
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                written[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
            }
        }

        var recorded = outbox.Where(p => written.GetValueOrDefault((p.GrainId, p.StateName)) > 0).Select(p => p.Payout).ToList();
        if (recorded.Count > 0)
        {
            payouts.Recorded(recorded);
        }

        foreach (var write in batch)
        {
            if (written.TryGetValue((write.GrainId, write.StateName), out var etag) && etag > 0)
            {
                write.Done.TrySetResult(etag);
            }
            else if (etag < 0)
            {
                // A refund id this write claims (a request adds one) is held by another row: nothing was written.
                write.Done.TrySetException(new RefundIdTakenException(write.RefundIdsToClaim![0]));
            }
            else
            {
                write.Done.TrySetException(new InconsistentStateException(
                    $"Grain storage {name}: {write.GrainId}/{write.StateName} is not at etag {write.ExpectedEtag} any more.",
                    "unknown", write.ExpectedEtag.ToString(CultureInfo.InvariantCulture)));
            }
        }
    }

    private sealed record PendingRead(string GrainId, string StateName)
    {
        public TaskCompletionSource<(long Etag, byte[]? Payload)?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }


    private sealed record PendingWrite(string GrainId, string StateName, long ExpectedEtag, byte[]? Payload, string? ShopId)
    {
        public DateTimeOffset? NextDue { get; init; }
        public string? DueShard { get; init; }
        public IReadOnlyList<PayoutRequest> Payouts { get; init; } = [];
        public IReadOnlyList<PendingChange> Changes { get; init; } = [];
        public IReadOnlyList<PendingInput> Inputs { get; init; } = [];
        public string[]? RefundIds { get; init; }
        public string[]? RefundIdsToClaim { get; init; }

        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
