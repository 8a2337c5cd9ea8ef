-- RefundCluster's own grain storage (PostgresGrainStorage): one row per grain state, written in batches (group
-- commit: many grains' writes share one statement and one commit). The etag is a counter: a write succeeds only if
-- it names the stored etag (0 = "must not exist yet"), so a stale activation's write is refused, never applied.
CREATE TABLE IF NOT EXISTS refundcluster_grain_state
(
    service_id  text        NOT NULL,
    grain_id    text        NOT NULL,
    state_name  text        NOT NULL,
    etag        bigint      NOT NULL,
    payload     bytea,
    modified_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_refundcluster_grain_state PRIMARY KEY (service_id, grain_id, state_name)
);
