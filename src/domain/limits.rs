//! Every bound on what a field may hold, stated once. The request checks (`dto`), the
//! OpenAPI document (its `maxLength`, `minLength`, `maxItems` and `minItems`, set from
//! `dto::limits::FIELDS` by `openapi::finish`), the importers and the editors' room (which
//! reads them from the served document) all take them from here. Lengths count characters.

/// Slugs of every kind.
pub const SLUG: usize = 120;
/// Any `http(s)` URL a record keeps.
pub const URL: usize = 2048;
/// Titles, subtitles, headings, names of movies and people, characters played.
pub const TITLE: usize = 200;
/// An article's excerpt.
pub const EXCERPT: usize = 1000;
/// An article's description for search engines.
pub const META_DESCRIPTION: usize = 500;
/// What an image shows, for readers who cannot see it.
pub const ALT: usize = 300;
/// A caption under an image or clip.
pub const CAPTION: usize = 500;
/// Who made an image or holds its rights.
pub const CREDIT: usize = 300;
/// A media item's file name.
pub const FILENAME: usize = 200;
/// A section's markdown.
pub const SECTION_BODY: usize = 100_000;
/// A movie's synopsis, a cast member's biography.
pub const LONG_TEXT: usize = 20_000;
/// An author's biography.
pub const AUTHOR_BIO: usize = 2000;
/// A user's display name; an API token's name.
pub const DISPLAY_NAME: usize = 100;
/// An email address (RFC 5321's longest path).
pub const EMAIL: usize = 254;
/// Passwords: at least this many characters…
pub const PASSWORD_MIN: usize = 12;
/// …and at most this many (hashing a longer one costs more than it protects).
pub const PASSWORD_MAX: usize = 1024;
/// A webhook's signing secret, when chosen rather than generated.
pub const WEBHOOK_SECRET_MIN: usize = 16;
pub const WEBHOOK_SECRET_MAX: usize = 200;
/// Events one webhook subscribes to.
pub const WEBHOOK_EVENTS: usize = 50;
/// A reader's name under a comment.
pub const COMMENT_AUTHOR: usize = 80;
/// A reader's comment.
pub const COMMENT_BODY: usize = 5000;
/// A moderator's note on a comment.
pub const MODERATION_NOTE: usize = 1000;
/// An editor's note on a redirect.
pub const REDIRECT_NOTE: usize = 500;
/// Comments moderated in one request.
pub const MODERATE_AT_ONCE: usize = 500;
/// The hidden honeypot field: a person leaves it empty.
pub const HONEYPOT: usize = 0;
/// A tag or genre name.
pub const LABEL: usize = 50;
/// Tags on an article, genres on a movie.
pub const LABELS: usize = 20;
/// Related articles of one article.
pub const RELATED: usize = 20;
/// Sections created with an article.
pub const SECTIONS_AT_ONCE: usize = 200;
/// A word in the moderation lists…
pub const WORD: usize = 100;
/// …and how many words each list holds.
pub const WORDS: usize = 500;
/// Search words and `q` filters.
pub const QUERY: usize = 200;
/// The audit log's `action` filter.
pub const AUDIT_ACTION: usize = 100;
