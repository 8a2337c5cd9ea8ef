-- RefundCluster's own deadline index: one row per pending wake-up, grouped by shard (time bucket + hash shard).
-- Written in batches by DeadlineShardGrain (group commit); a shard loads its rows when it activates.
CREATE TABLE IF NOT EXISTS refundcluster_deadlines
(
    shard  text        NOT NULL,
    target text        NOT NULL,
    due_at timestamptz NOT NULL,
    CONSTRAINT pk_refundcluster_deadlines PRIMARY KEY (shard, target, due_at)
);

-- The sweeper's safety net looks for shards with overdue entries.
CREATE INDEX IF NOT EXISTS ix_refundcluster_deadlines_due ON refundcluster_deadlines (due_at);
