-- The ASP.NET Core Data Protection key ring of durable mode: the keys that protect dashboard session cookies, shared
-- by every silo (a browser signed in on one silo is signed in on all, and stays so across restarts). Data Protection
-- adds a key about every 90 days and never deletes one; the XML is not encrypted: keep the database as secret.
CREATE TABLE IF NOT EXISTS refundcluster_data_protection_keys
(
    friendly_name text        NOT NULL,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_refundcluster_data_protection_keys PRIMARY KEY (friendly_name)
);
