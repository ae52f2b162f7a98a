CREATE TABLE import_sources_old (
    source       TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('user', 'article', 'comment')),
    external_id  TEXT NOT NULL,
    local_id     BIGINT NOT NULL,
    digest       TEXT NOT NULL,
    PRIMARY KEY (source, kind, external_id)
);
INSERT INTO import_sources_old (source, kind, external_id, local_id, digest)
    SELECT source, kind, external_id, local_id, digest FROM import_sources WHERE kind <> 'media';
DROP TABLE import_sources;
ALTER TABLE import_sources_old RENAME TO import_sources;
