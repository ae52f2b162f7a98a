DELETE FROM import_sources WHERE kind = 'media';
ALTER TABLE import_sources
    DROP CONSTRAINT import_sources_kind_check,
    ADD CONSTRAINT import_sources_kind_check CHECK (kind IN ('user', 'article', 'comment'));
