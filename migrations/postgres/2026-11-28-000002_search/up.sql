-- Full-text search over articles (PostgreSQL tsvector). One row per article, kept current
-- by the application on every write that changes what is indexed. Plain text only.
CREATE TABLE article_search (
    article_id  BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    excerpt     TEXT NOT NULL,
    headings    TEXT NOT NULL,
    body        TEXT NOT NULL,
    people      TEXT NOT NULL,
    document    tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', people), 'B') ||
        setweight(to_tsvector('english', excerpt || ' ' || headings), 'B') ||
        setweight(to_tsvector('english', body), 'C')
    ) STORED
);
CREATE INDEX article_search_document ON article_search USING GIN (document);
