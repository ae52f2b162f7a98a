DROP INDEX comments_body_start;
