DROP TABLE section_media;
ALTER TABLE users DROP COLUMN avatar_id;
ALTER TABLE cast_members DROP COLUMN photo_id;
ALTER TABLE movies DROP COLUMN poster_id;
ALTER TABLE sections DROP COLUMN media_id;
ALTER TABLE articles DROP COLUMN cover_image_id;
DROP TABLE media_jobs;
DROP TABLE media;
