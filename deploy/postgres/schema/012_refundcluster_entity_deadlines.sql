-- An order's or refund's next wake-up is a column of its own row, written in the same statement as its state: the
-- deadline index of the entities costs no row of its own (refundcluster_deadlines keeps other targets' entries).
-- A deadline shard (time bucket + hash shard) loads its entries with a range query on next_due filtered by
-- due_shard; the sweeper's safety net looks for overdue rows with the same index.
ALTER TABLE refundcluster_grain_state ADD COLUMN IF NOT EXISTS next_due timestamptz;
ALTER TABLE refundcluster_grain_state ADD COLUMN IF NOT EXISTS due_shard text;

CREATE INDEX IF NOT EXISTS ix_refundcluster_grain_state_next_due
    ON refundcluster_grain_state (next_due) WHERE next_due IS NOT NULL;

-- Entity rows are rewritten often: room on each page lets PostgreSQL update a row in place (HOT) when no indexed
-- column changed.
ALTER TABLE refundcluster_grain_state SET (fillfactor = 80);

-- The payout dispatcher finds rows left behind by a silo that died before paying them (recorded some time ago and
-- still pending); the rows a silo records itself it pays from memory, without leasing.
CREATE INDEX IF NOT EXISTS ix_refundcluster_payouts_pending_recorded
    ON refundcluster_payouts (recorded_at) WHERE status = 'pending';
