-- Every slug a public record had before its current one. An old slug keeps leading to its
-- record (a public read of it answers 301) and stays reserved: no other record may take it.
CREATE TABLE slug_history (
    kind        TEXT NOT NULL CHECK (kind IN ('article', 'movie', 'cast_member', 'tag', 'author')),
    slug        TEXT NOT NULL,
    record_id   BIGINT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, slug)
);
CREATE INDEX slug_history_record ON slug_history (kind, record_id);
