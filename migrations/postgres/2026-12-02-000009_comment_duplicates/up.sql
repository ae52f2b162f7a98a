-- The duplicate-comment rule looks for the same body from the same client or address within
-- a day. Found by client alone, one busy client (a newsroom behind one address, a proxy) made
-- every new comment scan all of that client's comments of the day. Found by the body's first
-- 100 characters, it reads the few comments that begin the same way.
CREATE INDEX comments_body_start ON comments (substr(body, 1, 100), created_at);
