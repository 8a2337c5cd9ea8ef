-- The recording: every integrator event the cluster accepted and every deadline it fired, per shop, written by the
-- same statement (and so the same transaction) as the state they made. A line is the JSON of a RecordedInput. seq
-- orders an order's lines as they were stored (the writing transaction's id times 65,536 plus the line's place in its
-- statement; an order's writes follow one another, so its transactions' ids grow). Read a shop's orders at a time for
-- an export or a what-if (ix_refundcluster_recording_shop); lines past the retention are deleted by time (a BRIN index:
-- the table is appended in time order, and a BRIN index costs next to nothing to keep up).
CREATE TABLE IF NOT EXISTS refundcluster_recording (
    seq        bigint      PRIMARY KEY,
    service_id text        NOT NULL,
    shop_id    text        NOT NULL,
    order_id   text        NOT NULL,
    at         timestamptz NOT NULL,
    line       text        NOT NULL
);

CREATE INDEX IF NOT EXISTS ix_refundcluster_recording_shop ON refundcluster_recording (service_id, shop_id, order_id, seq);
CREATE INDEX IF NOT EXISTS ix_refundcluster_recording_at ON refundcluster_recording USING brin (at);
