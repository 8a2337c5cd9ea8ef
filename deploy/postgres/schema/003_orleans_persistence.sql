-- RefundCluster :: Orleans ADO.NET schema for PostgreSQL
-- 003 - grain persistence (Microsoft.Orleans.Persistence.AdoNet 10.4.2)
--
-- Contract used by the provider (it loads only these four keys):
--   ReadFromStorageKey  (@GrainIdHash,@GrainIdN0,@GrainIdN1,@GrainTypeHash,@GrainTypeString,
--                        @GrainIdExtensionString,@ServiceId)
--        -> zero or one row with columns PayloadBinary (bytea, NULL = no state) and Version (int)
--   WriteToStorageKey   (same identity parameters + @GrainStateVersion (int, NULL = never stored),
--                        @PayloadBinary)
--        -> one row, column NewGrainStateVersion: the new version on success; on an ETag
--           conflict the caller's version (or NULL) is returned and the provider raises
--           InconsistentStateException.
--   ClearStorageKey     (identity + @GrainStateVersion) -> first column = new version (no row = conflict)
--   DeleteStorageKey    (identity + @GrainStateVersion) -> first column = version + 1 (no row = conflict);
--                        only used with AdoNetGrainStorageOptions.DeleteStateOnClear = true.
--
-- The serializer is chosen in code (we use UseSystemTextJsonGrainStorageSerializer()); whatever it
-- produces is stored in PayloadBinary. A grain is identified by
-- (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString); the two hashes are
-- Orleans-computed accelerators.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NULL
);

-- One index serves both purposes:
--  * every read/write/clear is an equality lookup on the leading five columns;
--  * uniqueness of a grain's row, so two racing first writes cannot both insert
--    (the loser gets a conflict instead of a duplicate row).
-- The free-text parts are reduced to md5 so long type names/keys cannot exceed the
-- btree entry limit; a NULL extension is mapped to a value md5() can never produce.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain
    ON OrleansStorage (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId,
                       (md5(GrainTypeString)),
                       (COALESCE(md5(GrainIdExtensionString), '-')));

CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grain_id_hash    integer,
    p_grain_id_n0      bigint,
    p_grain_id_n1      bigint,
    p_grain_type_hash  integer,
    p_grain_type       varchar,
    p_grain_id_ext     varchar,
    p_service_id       varchar,
    p_expected_version integer,
    p_payload          bytea)
RETURNS TABLE (NewGrainStateVersion integer)
LANGUAGE plpgsql
AS $body$
DECLARE
    v_new integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- First write of this grain: succeeds only if no row exists yet.
        INSERT INTO OrleansStorage AS s
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES
            (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type,
             p_grain_id_ext, p_service_id, p_payload, now(), 1)
        ON CONFLICT (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, ServiceId,
                     (md5(GrainTypeString)), (COALESCE(md5(GrainIdExtensionString), '-')))
        DO NOTHING
        RETURNING s.Version INTO v_new;
    ELSE
        -- Subsequent write: compare-and-swap on Version.
        UPDATE OrleansStorage AS s
        SET PayloadBinary = p_payload,
            ModifiedOn    = now(),
            Version       = s.Version + 1
        WHERE s.GrainIdHash     = p_grain_id_hash
          AND s.GrainTypeHash   = p_grain_type_hash
          AND s.GrainIdN0       = p_grain_id_n0
          AND s.GrainIdN1       = p_grain_id_n1
          AND s.ServiceId       = p_service_id
          AND s.GrainTypeString = p_grain_type
          AND s.GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_ext
          AND s.Version         = p_expected_version
        RETURNING s.Version INTO v_new;
    END IF;

    -- On conflict hand back the caller's own version: the provider treats
    -- "unchanged" (or NULL/empty) as an ETag mismatch.
    RETURN QUERY SELECT COALESCE(v_new, p_expected_version);
END
$body$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
SELECT PayloadBinary, now() AS ReadOn, Version
FROM OrleansStorage
WHERE GrainIdHash     = @GrainIdHash
  AND GrainTypeHash   = @GrainTypeHash
  AND GrainIdN0       = @GrainIdN0
  AND GrainIdN1       = @GrainIdN1
  AND ServiceId       = @ServiceId
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$),

('WriteToStorageKey', $q$
SELECT NewGrainStateVersion
FROM orleans_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                           @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
$q$),

-- Clear keeps the row (and its version history) but drops the payload.
('ClearStorageKey', $q$
UPDATE OrleansStorage
SET PayloadBinary = NULL,
    ModifiedOn    = now(),
    Version       = Version + 1
WHERE GrainIdHash     = @GrainIdHash
  AND GrainTypeHash   = @GrainTypeHash
  AND GrainIdN0       = @GrainIdN0
  AND GrainIdN1       = @GrainIdN1
  AND ServiceId       = @ServiceId
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version         = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
$q$),

-- Delete removes the row; the provider expects version + 1 back on success.
('DeleteStorageKey', $q$
DELETE FROM OrleansStorage
WHERE GrainIdHash     = @GrainIdHash
  AND GrainTypeHash   = @GrainTypeHash
  AND GrainIdN0       = @GrainIdN0
  AND GrainIdN1       = @GrainIdN1
  AND ServiceId       = @ServiceId
  AND GrainTypeString = @GrainTypeString
  AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
  AND Version         = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
