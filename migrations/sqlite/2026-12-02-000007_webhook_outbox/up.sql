-- The webhook outbox. A write that emits an event adds one delivery per subscribed webhook
-- in its own transaction; the delivery worker sends them and logs every attempt. Nothing
-- was ever written to the first version of the table, so it is replaced.
DROP TABLE webhook_deliveries;

CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id       BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    -- X-Marquee-Delivery: the same on every attempt, so receivers can de-duplicate.
    delivery_key     TEXT NOT NULL UNIQUE,
    event            TEXT NOT NULL,
    -- The signed body, built when the event was committed.
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP NOT NULL,
    -- While an attempt is in flight, the node sending it holds the delivery until then.
    locked_until     TIMESTAMP,
    response_status  INTEGER,
    last_error       TEXT,
    created_at       TIMESTAMP NOT NULL,
    delivered_at     TIMESTAMP
);
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (webhook_id, status, id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  BIGINT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt      INTEGER NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    duration_ms  BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
