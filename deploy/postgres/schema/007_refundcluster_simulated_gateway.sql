-- The simulated payment gateway's own books (tests and rehearsals only): one row per idempotency key it paid, and how
-- many times it was asked. Shared by all silos, as a real provider's books are.
CREATE TABLE IF NOT EXISTS refundcluster_gateway_payments
(
    payout_key text          NOT NULL,
    amount     numeric(14,2) NOT NULL,
    reference  text          NOT NULL,
    calls      integer       NOT NULL DEFAULT 1,
    paid_at    timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT pk_refundcluster_gateway_payments PRIMARY KEY (payout_key)
);
