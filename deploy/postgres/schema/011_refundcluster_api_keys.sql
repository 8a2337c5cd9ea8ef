-- API credentials of durable mode. Only the SHA-256 of each key is stored (the key is shown once, when created with
-- `RefundCluster.Silo keys create`). A revoked key stays for the record; silos notice within Security:StoreCacheTime.
CREATE TABLE IF NOT EXISTS refundcluster_api_keys
(
    id                  text        NOT NULL,
    key_hash            text        NOT NULL CHECK (length(key_hash) = 64),
    roles               text[]      NOT NULL CHECK (cardinality(roles) > 0),
    shops               text[]      NOT NULL DEFAULT '{}',
    requests_per_second double precision CHECK (requests_per_second > 0),
    created_at          timestamptz NOT NULL DEFAULT now(),
    revoked_at          timestamptz,
    CONSTRAINT pk_refundcluster_api_keys PRIMARY KEY (id)
);
