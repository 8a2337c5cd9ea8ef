-- Which orders and refunds belong to a shop. Written once per entity, before its first state write, so that a shop
-- aggregator can always rebuild its metrics from the entities themselves (the stream may lose messages).
CREATE TABLE IF NOT EXISTS refundcluster_shop_entities
(
    shop_id   text     NOT NULL,
    kind      smallint NOT NULL CHECK (kind IN (1, 2)), -- 1 order, 2 refund
    entity_id text     NOT NULL,
    CONSTRAINT pk_refundcluster_shop_entities PRIMARY KEY (shop_id, kind, entity_id)
);
