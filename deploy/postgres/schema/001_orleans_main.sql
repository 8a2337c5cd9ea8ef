-- RefundCluster :: Orleans ADO.NET schema for PostgreSQL
-- 001 - shared query catalogue
--
-- Orleans' ADO.NET providers never embed SQL.  At start-up every provider
-- reads `SELECT QueryKey, QueryText FROM OrleansQuery` and from then on only
-- executes the text stored under well-known keys, binding parameters by name
-- (@DeploymentId, @GrainIdHash, ...) and reading result columns by name.
-- The table below is therefore the whole interface between the providers and
-- this database; files 002..004 register their queries in it.
--
-- Re-runnable: every statement in 001..004 is idempotent.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

COMMENT ON TABLE OrleansQuery IS
    'Query catalogue read by the Orleans ADO.NET providers at start-up (key -> SQL text). Managed by deploy/postgres/schema.';
