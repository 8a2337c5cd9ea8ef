-- The rows holding any of some refund ids, for the grain-state write's claim check, read through the GIN index on
-- refund_ids and nothing else. Inlined into the write statement, the check compared each claiming row's ids (a value
-- the planner cannot know) and PostgreSQL estimated 1 % of the table and scanned all of it once per claiming row:
-- measured on a 264,000-row table, one 500-row write took 20 s (58 scans), and the soak's throughput fell to nothing
-- within 20 minutes. As a function with enable_seqscan off, the plan is the index's whatever the table's size.
CREATE OR REPLACE FUNCTION refundcluster_refund_holders(p_service_id text, p_refund_ids text[])
    RETURNS TABLE (grain_id text, refund_id text)
    LANGUAGE sql
    STABLE
    SET enable_seqscan = off
AS
$$
SELECT o.grain_id, h.refund_id
FROM (SELECT * FROM refundcluster_grain_state s WHERE s.refund_ids && p_refund_ids OFFSET 0) o
         CROSS JOIN LATERAL unnest(o.refund_ids) AS h(refund_id)
WHERE o.service_id = p_service_id
  AND o.payload IS NOT NULL
  AND h.refund_id = ANY (p_refund_ids)
$$;
