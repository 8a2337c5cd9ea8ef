-- RefundCluster :: Orleans ADO.NET schema for PostgreSQL
-- 004 - reminders (Microsoft.Orleans.Reminders.AdoNet 10.4.2)
--
-- Contract used by the provider:
--   UpsertReminderRowKey  (@ServiceId,@GrainId,@ReminderName,@StartTime,@Period,@GrainHash)
--        -> one row, column Version (the new ETag). @Period is milliseconds, sent as int
--           or bigint depending on size.
--   ReadReminderRowsKey   (@ServiceId,@GrainId)
--   ReadReminderRowKey    (@ServiceId,@GrainId,@ReminderName)
--   ReadRangeRows1Key     (@ServiceId,@BeginHash,@EndHash)   BeginHash < EndHash: (Begin, End]
--   ReadRangeRows2Key     (@ServiceId,@BeginHash,@EndHash)   wrapping range:  > Begin OR <= End
--        -> columns GrainId, ReminderName, StartTime, Period (bigint, read with GetInt64), Version
--   DeleteReminderRowKey  (@ServiceId,@GrainId,@ReminderName,@Version) -> one row, one column: >0 = deleted
--   DeleteReminderRowsKey (@ServiceId)
-- GrainHash/BeginHash/EndHash are Orleans' uint ring hashes reinterpreted as signed int.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150)   NOT NULL,
    GrainId      varchar(512)   NOT NULL,
    ReminderName varchar(150)   NOT NULL,
    StartTime    timestamptz(3) NOT NULL,
    Period       bigint         NOT NULL,
    GrainHash    integer        NOT NULL,
    Version      integer        NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo periodically loads the reminders of its ring range: ServiceId + GrainHash range scan.
CREATE INDEX IF NOT EXISTS IX_RemindersTable_ServiceId_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
INSERT INTO OrleansRemindersTable AS r
    (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period::bigint, @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
SET StartTime = EXCLUDED.StartTime,
    Period    = EXCLUDED.Period,
    GrainHash = EXCLUDED.GrainHash,
    Version   = r.Version + 1
RETURNING r.Version AS Version;
$q$),

('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainId   = @GrainId;
$q$),

('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId    = @ServiceId
  AND GrainId      = @GrainId
  AND ReminderName = @ReminderName;
$q$),

('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND GrainHash > @BeginHash
  AND GrainHash <= @EndHash;
$q$),

('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId
  AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$),

('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId    = @ServiceId
      AND GrainId      = @GrainId
      AND ReminderName = @ReminderName
      AND Version      = @Version
    RETURNING 1
)
SELECT count(*)::integer AS row_count FROM removed;
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable
WHERE ServiceId = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
