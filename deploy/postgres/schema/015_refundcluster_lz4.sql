-- Entity rows are JSON of about 3.7 KB, past PostgreSQL's 2 KB compression threshold: every write compressed them
-- with pglz, the server's largest CPU cost per event. lz4 compresses to about the same size at a fraction of the
-- CPU. Applies to rows written from now on; rows already stored keep their compression until rewritten.
ALTER TABLE refundcluster_grain_state ALTER COLUMN payload SET COMPRESSION lz4;
