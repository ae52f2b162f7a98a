-- Section positions are exactly 1..n per article: renumber any gaps or duplicates a past
-- race left, then let the database refuse them.
UPDATE sections SET position = numbered.n
FROM (SELECT id, row_number() OVER (PARTITION BY article_id ORDER BY position, id) AS n FROM sections) AS numbered
WHERE sections.id = numbered.id AND sections.position <> numbered.n;
DROP INDEX sections_article;
CREATE UNIQUE INDEX sections_article_position ON sections (article_id, position);

