-- The shop an order or refund belongs to, written with its state by PostgresGrainStorage: the shop directory of
-- the batched writer costs no extra write (a shop aggregator lists its entities here to rebuild its metrics).
ALTER TABLE refundcluster_grain_state ADD COLUMN IF NOT EXISTS shop_id text;

CREATE INDEX IF NOT EXISTS ix_refundcluster_grain_state_shop
    ON refundcluster_grain_state (service_id, shop_id, state_name) WHERE shop_id IS NOT NULL;

-- Rows stored before this column existed: take the shop from the state itself (System.Text.Json, {"Entity":{"ShopId":…}}).
UPDATE refundcluster_grain_state
SET shop_id = convert_from(payload, 'UTF8')::jsonb -> 'Entity' ->> 'ShopId'
WHERE shop_id IS NULL AND payload IS NOT NULL AND state_name IN ('order', 'refund');
