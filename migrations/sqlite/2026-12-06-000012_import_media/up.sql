-- A WordPress import remembers the uploads it brought into the media library, so a second
-- run reads none of them again. SQLite changes a CHECK by rebuilding the table.
CREATE TABLE import_sources_new (
    source       TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('user', 'article', 'comment', 'media')),
    external_id  TEXT NOT NULL,
    local_id     BIGINT NOT NULL,
    digest       TEXT NOT NULL,
    PRIMARY KEY (source, kind, external_id)
);
INSERT INTO import_sources_new (source, kind, external_id, local_id, digest)
    SELECT source, kind, external_id, local_id, digest FROM import_sources;
DROP TABLE import_sources;
ALTER TABLE import_sources_new RENAME TO import_sources;
