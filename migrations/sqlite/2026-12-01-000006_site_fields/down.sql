ALTER TABLE articles DROP COLUMN cover_image_caption;
ALTER TABLE articles DROP COLUMN cover_image_alt;
ALTER TABLE articles DROP COLUMN og_image_url;
ALTER TABLE articles DROP COLUMN meta_description;
ALTER TABLE articles DROP COLUMN meta_title;
DROP INDEX users_slug;
ALTER TABLE users DROP COLUMN avatar_url;
ALTER TABLE users DROP COLUMN bio;
ALTER TABLE users DROP COLUMN slug;
