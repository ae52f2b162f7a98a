-- Marquee schema, SQLite flavour. Keep in step with migrations/postgres.
-- Timestamps are TIMESTAMP (without time zone) holding UTC, set by the application.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    email          TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author', 'moderator')),
    password_hash  TEXT NOT NULL,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    token_version  BIGINT NOT NULL DEFAULT 0,
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE refresh_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    family      TEXT NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP,
    revoked_at  TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'author', 'moderator')),
    expires_at    TIMESTAMP,
    last_used_at  TIMESTAMP,
    revoked_at    TIMESTAMP,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, id);

CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE movies (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    slug             TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    original_title   TEXT,
    release_year     INTEGER CHECK (release_year BETWEEN 1870 AND 2100),
    release_date     DATE,
    runtime_minutes  INTEGER CHECK (runtime_minutes > 0),
    synopsis         TEXT,
    genres           TEXT NOT NULL DEFAULT '[]',
    poster_url       TEXT,
    trailer_url      TEXT,
    version          BIGINT NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX movies_title ON movies (title, id);

CREATE TABLE cast_members (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    bio         TEXT,
    birth_date  DATE,
    photo_url   TEXT,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX cast_members_name ON cast_members (name, id);

CREATE TABLE credits (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    movie_id        BIGINT NOT NULL REFERENCES movies (id) ON DELETE CASCADE,
    cast_member_id  BIGINT NOT NULL REFERENCES cast_members (id) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('actor', 'director', 'writer', 'producer', 'composer', 'cinematographer', 'other')),
    character       TEXT,
    billing_order   INTEGER NOT NULL DEFAULT 0,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX credits_movie ON credits (movie_id, billing_order, id);
CREATE INDEX credits_cast_member ON credits (cast_member_id);

CREATE TABLE articles (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    slug                  TEXT NOT NULL UNIQUE,
    title                 TEXT NOT NULL,
    subtitle              TEXT,
    excerpt               TEXT,
    kind                  TEXT NOT NULL CHECK (kind IN ('explainer', 'review', 'news', 'recap')),
    movie_id              BIGINT REFERENCES movies (id) ON DELETE RESTRICT,
    author_id             BIGINT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    status                TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published', 'archived')),
    publish_at            TIMESTAMP,
    published_at          TIMESTAMP,
    cover_image_url       TEXT,
    reading_time_minutes  INTEGER NOT NULL DEFAULT 0,
    version               BIGINT NOT NULL DEFAULT 1,
    created_at            TIMESTAMP NOT NULL,
    updated_at            TIMESTAMP NOT NULL
);
CREATE INDEX articles_visible ON articles (status, published_at, id);
CREATE INDEX articles_scheduled ON articles (status, publish_at);
CREATE INDEX articles_movie ON articles (movie_id);
CREATE INDEX articles_author ON articles (author_id);
CREATE INDEX articles_updated ON articles (updated_at, id);

CREATE TABLE tags (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    slug  TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL
);

CREATE TABLE article_tags (
    article_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id      BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_tag ON article_tags (tag_id, article_id);

CREATE TABLE related_articles (
    article_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    related_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, related_id),
    CHECK (article_id <> related_id)
);
CREATE INDEX related_articles_related ON related_articles (related_id);

CREATE TABLE sections (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id     BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position       INTEGER NOT NULL CHECK (position >= 1),
    heading        TEXT NOT NULL,
    subheading     TEXT,
    body           TEXT NOT NULL DEFAULT '',
    body_html      TEXT NOT NULL DEFAULT '',
    media_url      TEXT,
    media_caption  TEXT,
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX sections_article ON sections (article_id, position);

CREATE TABLE comments (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id         BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    parent_id          BIGINT REFERENCES comments (id) ON DELETE SET NULL,
    author_name        TEXT NOT NULL,
    author_email       TEXT NOT NULL,
    body               TEXT NOT NULL,
    body_html          TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'spam', 'rejected')),
    moderation_reason  TEXT NOT NULL,
    moderation_note    TEXT,
    client_hash        TEXT NOT NULL,
    user_agent         TEXT,
    moderated_by       BIGINT REFERENCES users (id) ON DELETE SET NULL,
    moderated_at       TIMESTAMP,
    version            BIGINT NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX comments_article ON comments (article_id, status, created_at, id);
CREATE INDEX comments_queue ON comments (status, created_at, id);
CREATE INDEX comments_email ON comments (author_email, status);
CREATE INDEX comments_client ON comments (client_hash, created_at);

CREATE TABLE revisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    snapshot    TEXT NOT NULL,
    user_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (article_id, number)
);

CREATE TABLE preview_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id  BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    user_id     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    expires_at  TIMESTAMP NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('article', 'movie', 'cast_member')),
    record_id  BIGINT NOT NULL,
    slug       TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('upsert', 'delete')),
    at         TIMESTAMP NOT NULL
);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TIMESTAMP NOT NULL,
    user_id      BIGINT,
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL,
    target_id    BIGINT
);
CREATE INDEX audit_log_user ON audit_log (user_id, id);

CREATE TABLE webhooks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    url         TEXT NOT NULL,
    events      TEXT NOT NULL,
    secret      TEXT NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

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
