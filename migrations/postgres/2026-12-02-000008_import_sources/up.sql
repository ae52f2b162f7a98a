-- What an import made from which record of its source, so that running the same import
-- again updates those records instead of adding copies. `digest` is of the source record
-- as last imported: an unchanged one is left alone.
CREATE TABLE import_sources (
    source       TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('user', 'article', 'comment')),
    external_id  TEXT NOT NULL,
    local_id     BIGINT NOT NULL,
    digest       TEXT NOT NULL,
    PRIMARY KEY (source, kind, external_id)
);
