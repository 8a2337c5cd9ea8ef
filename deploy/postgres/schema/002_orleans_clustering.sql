-- RefundCluster :: Orleans ADO.NET schema for PostgreSQL
-- 002 - clustering (Microsoft.Orleans.Clustering.AdoNet 10.4.2)
--
-- Contract used by the provider (names are case-insensitive for Npgsql):
--   InsertMembershipVersionKey  (@DeploymentId)                      -> one row, one column: >0 = inserted
--   InsertMembershipKey         (@DeploymentId,@Address,@Port,@Generation,@SiloName,@HostName,
--                                @Status,@ProxyPort,@StartTime,@IAmAliveTime,@Version)
--                                                                    -> one row, one column: >0 = success
--   UpdateMembershipKey         (@DeploymentId,@Address,@Port,@Generation,@Status,@SuspectTimes,
--                                @IAmAliveTime,@Version)              -> one row, one column: >0 = success
--   UpdateIAmAlivetimeKey       (@DeploymentId,@Address,@Port,@Generation,@IAmAliveTime) -> ignored
--   MembershipReadRowKey        (@DeploymentId,@Address,@Port,@Generation)
--   MembershipReadAllKey        (@DeploymentId)
--        -> columns DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
--           SuspectTimes, StartTime, IAmAliveTime, Version; the version row is always returned
--           (LEFT JOIN), member columns are NULL when there is no member.
--   GatewaysQueryKey            (@DeploymentId,@Status)              -> Address, ProxyPort, Generation
--   DeleteMembershipTableEntriesKey (@DeploymentId)
--   CleanupDefunctSiloEntriesKey    (@DeploymentId,@IAmAliveTime)     -- required, bulk form
--   CleanupDefunctSiloEntryKey      (@DeploymentId,@Address,@Port,@Generation,@StartTime,
--                                    @IAmAliveTime,@SuspectTimes)      -- optional in 10.4.2; when present
--                                    the provider reads all rows and deletes each eligible Dead row
--                                    only if it is still exactly as it read it.
--
-- The table version (OrleansMembershipVersionTable.Version) is the optimistic-concurrency
-- token of the whole membership table: every insert/update of a member must present the
-- current version and bumps it by one, atomically with the row change.
-- Timestamps are timestamptz: Npgsql 6+ sends DateTime(Kind=Utc) as timestamptz.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL,
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    -- The primary key also serves the per-deployment scans (leading column).
    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Insert a member if (and only if) the caller's table version is current.
-- The version row is locked first, the version bump is the last write, so a
-- refused call changes nothing and needs no rollback/ASSERT tricks.
-- Locks the deployment's version row and says whether the caller's expected version is current; both writers
-- below start with it, so a stale writer changes nothing.
CREATE OR REPLACE FUNCTION orleans_membership_lock_version(p_deployment_id varchar, p_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $body$
DECLARE
    v_current integer;
BEGIN
    SELECT Version INTO v_current
    FROM OrleansMembershipVersionTable
    WHERE DeploymentId = p_deployment_id
    FOR UPDATE;

    RETURN v_current IS NOT NULL AND p_version IS NOT NULL AND v_current = p_version AND v_current <> 2147483647;
END;
$body$;

CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id varchar,
    p_address       varchar,
    p_port          integer,
    p_generation    integer,
    p_silo_name     varchar,
    p_host_name     varchar,
    p_status        integer,
    p_proxy_port    integer,
    p_start_time    timestamptz,
    p_i_am_alive    timestamptz,
    p_version       integer)
RETURNS integer
LANGUAGE plpgsql
AS $body$
DECLARE
    v_rows    integer;
BEGIN
    IF NOT orleans_membership_lock_version(p_deployment_id, p_version) THEN
        RETURN 0;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName,
         Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
         p_status, p_proxy_port, p_start_time, p_i_am_alive)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;

    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows = 0 THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment_id;

    RETURN 1;
END
$body$;

-- Update a member's status/suspicions if (and only if) the table version is current.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id varchar,
    p_address       varchar,
    p_port          integer,
    p_generation    integer,
    p_status        integer,
    p_suspect_times varchar,
    p_i_am_alive    timestamptz,
    p_version       integer)
RETURNS integer
LANGUAGE plpgsql
AS $body$
DECLARE
    v_rows    integer;
BEGIN
    IF NOT orleans_membership_lock_version(p_deployment_id, p_version) THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipTable
    SET Status       = p_status,
        SuspectTimes = p_suspect_times,
        -- a heartbeat may have landed after the caller read the row: never move time backwards
        IAmAliveTime = GREATEST(IAmAliveTime, p_i_am_alive)
    WHERE DeploymentId = p_deployment_id
      AND Address      = p_address
      AND Port         = p_port
      AND Generation   = p_generation;

    GET DIAGNOSTICS v_rows = ROW_COUNT;
    IF v_rows = 0 THEN
        RETURN 0;
    END IF;

    UPDATE OrleansMembershipVersionTable
    SET Version = Version + 1, Timestamp = now()
    WHERE DeploymentId = p_deployment_id;

    RETURN 1;
END
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    SELECT @DeploymentId WHERE @DeploymentId IS NOT NULL
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer AS row_count FROM created;
$q$),

('InsertMembershipKey', $q$
SELECT orleans_membership_insert(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS row_count;
$q$),

('UpdateMembershipKey', $q$
SELECT orleans_membership_update(
    @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
    @IAmAliveTime, @Version) AS row_count;
$q$),

-- Heartbeat: single-row update by primary key; the provider ignores the result.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
WHERE DeploymentId = @DeploymentId
  AND Address      = @Address
  AND Port         = @Port
  AND Generation   = @Generation;
$q$),

('MembershipReadRowKey', $q$
SELECT ver.DeploymentId,
       mem.Address, mem.Port, mem.Generation, mem.SiloName, mem.HostName,
       mem.Status, mem.ProxyPort, mem.SuspectTimes, mem.StartTime, mem.IAmAliveTime,
       ver.Version
FROM OrleansMembershipVersionTable AS ver
LEFT JOIN OrleansMembershipTable AS mem
       ON mem.DeploymentId = ver.DeploymentId
      AND mem.Address      = @Address
      AND mem.Port         = @Port
      AND mem.Generation   = @Generation
WHERE ver.DeploymentId = @DeploymentId;
$q$),

('MembershipReadAllKey', $q$
SELECT ver.DeploymentId,
       mem.Address, mem.Port, mem.Generation, mem.SiloName, mem.HostName,
       mem.Status, mem.ProxyPort, mem.SuspectTimes, mem.StartTime, mem.IAmAliveTime,
       ver.Version
FROM OrleansMembershipVersionTable AS ver
LEFT JOIN OrleansMembershipTable AS mem
       ON mem.DeploymentId = ver.DeploymentId
WHERE ver.DeploymentId = @DeploymentId;
$q$),

('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status       = @Status
  AND ProxyPort    > 0;
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipTable        WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),

-- Bulk form (used when CleanupDefunctSiloEntryKey is absent): drop Dead (6) rows
-- whose start, last heartbeat and suspicions are all older than the cutoff.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Status       = 6
  AND IAmAliveTime < @IAmAliveTime
  AND StartTime    < @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = '';
$q$),

-- Per-row form: the provider has already decided the row is defunct from what it read;
-- delete it only if it is still Dead and unchanged (same times, same suspicions).
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM OrleansMembershipTable
WHERE DeploymentId = @DeploymentId
  AND Address      = @Address
  AND Port         = @Port
  AND Generation   = @Generation
  AND Status       = 6
  AND StartTime    = @StartTime
  AND IAmAliveTime = @IAmAliveTime
  AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '');
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
