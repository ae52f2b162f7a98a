-- Full-text search over articles (SQLite FTS5). One row per article, rowid = article id,
-- kept current by the application on every write that changes what is indexed. Plain text
-- only: markdown and HTML are stripped before indexing.
CREATE VIRTUAL TABLE article_search USING fts5(
    title,
    excerpt,
    headings,
    body,
    people,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
