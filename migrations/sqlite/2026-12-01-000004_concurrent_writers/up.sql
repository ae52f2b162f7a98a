-- Section positions are exactly 1..n per article: renumber any gaps or duplicates a past
-- race left, then let the database refuse them.
CREATE TEMP TABLE section_numbers AS
    SELECT id, row_number() OVER (PARTITION BY article_id ORDER BY position, id) AS n FROM sections;
UPDATE sections SET position = (SELECT n FROM section_numbers WHERE section_numbers.id = sections.id);
DROP TABLE section_numbers;
DROP INDEX sections_article;
CREATE UNIQUE INDEX sections_article_position ON sections (article_id, position);

