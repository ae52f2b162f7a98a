DROP INDEX sections_article_position;
CREATE INDEX sections_article ON sections (article_id, position);
