-- What a site's pages need: public author profiles (a slug for /authors/{slug}, a bio, an
-- avatar), and per article the SEO and social-card fields and the cover image's alt text and
-- caption. Existing users get their slug from their display name at the next start.
ALTER TABLE users ADD COLUMN slug TEXT;
ALTER TABLE users ADD COLUMN bio TEXT;
ALTER TABLE users ADD COLUMN avatar_url TEXT;
CREATE UNIQUE INDEX users_slug ON users (slug);

ALTER TABLE articles ADD COLUMN meta_title TEXT;
ALTER TABLE articles ADD COLUMN meta_description TEXT;
ALTER TABLE articles ADD COLUMN og_image_url TEXT;
ALTER TABLE articles ADD COLUMN cover_image_alt TEXT;
ALTER TABLE articles ADD COLUMN cover_image_caption TEXT;
