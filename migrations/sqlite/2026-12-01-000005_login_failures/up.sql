-- Failed logins, by what they count against (an account, a client, the pair), kept for
-- the throttling window. In the database so every node sees every node's failures.
CREATE TABLE login_failures (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    key  TEXT NOT NULL,
    at   TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
CREATE INDEX login_failures_at ON login_failures (at);
