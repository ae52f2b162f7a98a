DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;

CREATE TABLE webhook_deliveries (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id        BIGINT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event             TEXT NOT NULL,
    payload           TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMP NOT NULL,
    response_status   INTEGER,
    last_error        TEXT,
    created_at        TIMESTAMP NOT NULL,
    delivered_at      TIMESTAMP
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
