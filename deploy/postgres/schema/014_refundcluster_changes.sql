-- The change log: every order and refund change, written by the same statement (and so the same transaction) as the
-- state it describes. cursor orders the log; xid is the writing transaction, so that a reader can stop before any
-- change whose transaction might still commit with a smaller cursor (rows are read only below the oldest transaction
-- still running: at-least-once, nothing skipped). view is the entity's view after the change, as the API writes it.
CREATE TABLE IF NOT EXISTS refundcluster_changes (
    cursor     bigserial   PRIMARY KEY,
    xid        xid8        NOT NULL DEFAULT pg_current_xact_id(),
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
