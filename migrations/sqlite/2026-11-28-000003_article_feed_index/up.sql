-- Newest-first public lists walk this index backwards and stop after one page.
CREATE INDEX articles_feed ON articles (published_at, id);
