-- Refunds live in their order's row (an order and its refunds are one aggregate, stored as one row write per event).
-- refund_ids lists the refunds the row holds, written in the same statement as the state: it is how a refund is found
-- by its id alone (GET /v1/refunds/{id}) and how a refund id is kept to one order. fastupdate off: entries go into
-- the index at once (no pending list flushed inside some unlucky write).
ALTER TABLE refundcluster_grain_state ADD COLUMN IF NOT EXISTS refund_ids text[];

CREATE INDEX IF NOT EXISTS ix_refundcluster_grain_state_refund_ids
    ON refundcluster_grain_state USING gin (refund_ids) WITH (fastupdate = off) WHERE refund_ids IS NOT NULL;
