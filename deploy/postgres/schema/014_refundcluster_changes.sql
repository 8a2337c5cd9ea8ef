-- The change log: every order and refund change, written by the same statement (and so the same transaction) as the
-- state it describes. cursor orders the log: the writing transaction's id times 65,536 plus the change's place in its
-- statement, so that a reader stopping below the oldest transaction still running (pg_snapshot_xmin) never skips a
-- change that commits later (a sequence would not do: a transaction with a smaller sequence value may commit after
-- one with a larger value was read). view is the entity's view after the change, as the API writes it.
CREATE TABLE IF NOT EXISTS refundcluster_changes (
    cursor     bigint      PRIMARY KEY,
    service_id text        NOT NULL,
    shop_id    text        NOT NULL,
    order_id   text        NOT NULL,
    refund_id  text,
    type       text        NOT NULL,
    version    integer     NOT NULL,
    at         timestamptz NOT NULL,
    view       text        NOT NULL
);

-- A shop's feed (a shop service's, or a limited integrator's) walks its own shops' changes by cursor.
CREATE INDEX IF NOT EXISTS ix_refundcluster_changes_shop ON refundcluster_changes (service_id, shop_id, cursor);
