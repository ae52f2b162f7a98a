-- Old addresses of the public site and where they lead now: redirects an editor made, and
-- those an import recorded (a WordPress permalink, an old upload URL), which name the
-- record they lead to so that they follow its renames.
CREATE TABLE redirects (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Normalized (see domain::redirects): no trailing slash, no query but ?p=ID or
    -- ?page_id=ID, percent-escapes decoded.
    from_path    TEXT NOT NULL UNIQUE,
    -- Where an editor's redirect leads: a path of the site or an http(s) URL; NULL for 410
    -- and for a redirect that names a record.
    to_url       TEXT,
    target_kind  TEXT CHECK (target_kind IN ('article', 'tag', 'media')),
    target_id    BIGINT,
    status       INTEGER NOT NULL CHECK (status IN (301, 302, 307, 308, 410)),
    note         TEXT,
    -- 'manual', or what recorded it ('wordpress').
    origin       TEXT NOT NULL DEFAULT 'manual',
    hits         BIGINT NOT NULL DEFAULT 0,
    last_hit_at  TIMESTAMP,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    CHECK ((target_kind IS NULL) = (target_id IS NULL)),
    CHECK (status = 410 OR to_url IS NOT NULL OR target_kind IS NOT NULL)
);
CREATE INDEX redirects_to_url ON redirects (to_url);
CREATE INDEX redirects_target ON redirects (target_kind, target_id);
