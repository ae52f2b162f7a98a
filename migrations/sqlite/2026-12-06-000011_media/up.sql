-- The media library. The bytes live in the media store (a folder or an S3 bucket) under
-- the upload's content key; a row says what they are and where they are used.
CREATE TABLE media (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The first 128 bits of the upload's SHA-256, in hex: its files' folder in the store.
    key          TEXT NOT NULL,
    filename     TEXT NOT NULL,
    mime_type    TEXT NOT NULL CHECK (mime_type IN ('image/jpeg', 'image/png', 'image/gif', 'image/webp')),
    -- The stored original's size once ready; the upload's until then.
    bytes        BIGINT NOT NULL,
    -- As displayed (EXIF orientation applied).
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    alt          TEXT,
    caption      TEXT,
    credit       TEXT,
    -- Thousandths of the width and height, from the top left.
    focal_x      INTEGER NOT NULL DEFAULT 500 CHECK (focal_x BETWEEN 0 AND 1000),
    focal_y      INTEGER NOT NULL DEFAULT 500 CHECK (focal_y BETWEEN 0 AND 1000),
    blurhash     TEXT,
    status       TEXT NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
    -- The variants made, as JSON: [{"width":..,"height":..,"format":..,"bytes":..}].
    variants     TEXT NOT NULL DEFAULT '[]',
    failure      TEXT,
    uploaded_by  BIGINT REFERENCES users (id) ON DELETE SET NULL,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX media_key ON media (key);
CREATE INDEX media_uploaded_by ON media (uploaded_by);

-- Work on the store, queued in the transaction that asks for it and done by whichever node
-- claims it first: 'variants' makes an upload's files, 'purge' removes a key's files once
-- no row uses the key.
CREATE TABLE media_jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL CHECK (kind IN ('variants', 'purge')),
    media_id         BIGINT REFERENCES media (id) ON DELETE CASCADE,
    key              TEXT NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMP NOT NULL,
    locked_until     TIMESTAMP,
    last_error       TEXT,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX media_jobs_due ON media_jobs (next_attempt_at);

-- Without REFERENCES here (PostgreSQL has them): SQLite cannot drop a column that is part of
-- a foreign key, which the down migration must. The workflows check these ids, and refuse to
-- delete media in use, in the same transaction as the writes.
ALTER TABLE articles ADD COLUMN cover_image_id BIGINT;
ALTER TABLE sections ADD COLUMN media_id BIGINT;
ALTER TABLE movies ADD COLUMN poster_id BIGINT;
ALTER TABLE cast_members ADD COLUMN photo_id BIGINT;
ALTER TABLE users ADD COLUMN avatar_id BIGINT;
CREATE INDEX articles_cover_image ON articles (cover_image_id);
CREATE INDEX sections_media ON sections (media_id);
CREATE INDEX movies_poster ON movies (poster_id);
CREATE INDEX cast_members_photo ON cast_members (photo_id);
CREATE INDEX users_avatar ON users (avatar_id);

-- Library images a section's markdown shows (![alt](media:ID)): its HTML is made again
-- when one of them changes.
CREATE TABLE section_media (
    section_id  BIGINT NOT NULL REFERENCES sections (id) ON DELETE CASCADE,
    media_id    BIGINT NOT NULL REFERENCES media (id),
    PRIMARY KEY (section_id, media_id)
);
CREATE INDEX section_media_media ON section_media (media_id);
