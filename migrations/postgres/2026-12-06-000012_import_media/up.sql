-- A WordPress import remembers the uploads it brought into the media library, so a second
-- run reads none of them again.
ALTER TABLE import_sources
    DROP CONSTRAINT import_sources_kind_check,
    ADD CONSTRAINT import_sources_kind_check CHECK (kind IN ('user', 'article', 'comment', 'media'));
