-- RefundCluster's payout table. The primary key is the payout's idempotency key, derived from the refund and its
-- decision, so a second insert of the same payout is impossible by construction (INSERT ... ON CONFLICT DO NOTHING).
CREATE TABLE IF NOT EXISTS refundcluster_payouts
(
    payout_key        text          NOT NULL,
    refund_id         text          NOT NULL,
    order_id          text          NOT NULL,
    shop_id           text          NOT NULL,
    amount            numeric(14,2) NOT NULL CHECK (amount > 0),
    decided_at        timestamptz   NOT NULL,
    status            text          NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid')),
    attempts          integer       NOT NULL DEFAULT 0,
    not_before        timestamptz   NOT NULL DEFAULT '-infinity',
    gateway_reference text,
    last_error        text,
    paid_at           timestamptz,
    recorded_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT pk_refundcluster_payouts PRIMARY KEY (payout_key)
);

-- The dispatcher's lease query scans only pending rows whose retry time has come.
CREATE INDEX IF NOT EXISTS ix_refundcluster_payouts_pending
    ON refundcluster_payouts (not_before) WHERE status = 'pending';

CREATE INDEX IF NOT EXISTS ix_refundcluster_payouts_refund ON refundcluster_payouts (refund_id);
