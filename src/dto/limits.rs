//! Where each bound of `domain::limits` appears on the wire: the schema property (or query
//! parameter) and the bound it carries. `openapi::finish` writes them into the document, so
//! the spec, the request checks (which use the same constants) and every client generated
//! from the spec agree; a row naming a property the document lacks stops the build of the
//! document (see its test).

use crate::domain::limits::*;

/// A place in the document.
#[derive(Debug, Clone, Copy)]
pub enum At {
    /// A component schema itself (a string type such as `Label`).
    Schema(&'static str),
    /// A property of a component schema (also found inside its `allOf` parts).
    Property(&'static str, &'static str),
    /// A query parameter of an operation, by operation id.
    Param(&'static str, &'static str),
}

/// Bounds of a string's length or an array's size.
#[derive(Debug, Clone, Copy, Default)]
pub struct Bound {
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
}

const fn chars(max: usize) -> Bound {
    Bound { min_length: None, max_length: Some(max), min_items: None, max_items: None }
}

const fn chars_between(min: usize, max: usize) -> Bound {
    Bound { min_length: Some(min), max_length: Some(max), min_items: None, max_items: None }
}

const fn items(max: usize) -> Bound {
    Bound { min_length: None, max_length: None, min_items: None, max_items: Some(max) }
}

const fn one_to(max: usize) -> Bound {
    Bound { min_length: None, max_length: None, min_items: Some(1), max_items: Some(max) }
}

use At::{Param, Property as P, Schema};

/// Every bounded field of the API.
pub const FIELDS: &[(At, Bound)] = &[
    (Schema("Label"), chars(LABEL)),
    (Schema("Word"), chars(WORD)),
    // Articles
    (P("CreateArticleRequest", "slug"), chars(SLUG)),
    (P("CreateArticleRequest", "title"), chars(TITLE)),
    (P("CreateArticleRequest", "subtitle"), chars(TITLE)),
    (P("CreateArticleRequest", "excerpt"), chars(EXCERPT)),
    (P("CreateArticleRequest", "cover_image_alt"), chars(ALT)),
    (P("CreateArticleRequest", "cover_image_caption"), chars(CAPTION)),
    (P("CreateArticleRequest", "meta_title"), chars(TITLE)),
    (P("CreateArticleRequest", "meta_description"), chars(META_DESCRIPTION)),
    (P("CreateArticleRequest", "tags"), items(LABELS)),
    (P("CreateArticleRequest", "related_article_ids"), items(RELATED)),
    (P("CreateArticleRequest", "sections"), items(SECTIONS_AT_ONCE)),
    (P("UpdateArticleRequest", "slug"), chars(SLUG)),
    (P("UpdateArticleRequest", "title"), chars(TITLE)),
    (P("UpdateArticleRequest", "subtitle"), chars(TITLE)),
    (P("UpdateArticleRequest", "excerpt"), chars(EXCERPT)),
    (P("UpdateArticleRequest", "cover_image_alt"), chars(ALT)),
    (P("UpdateArticleRequest", "cover_image_caption"), chars(CAPTION)),
    (P("UpdateArticleRequest", "meta_title"), chars(TITLE)),
    (P("UpdateArticleRequest", "meta_description"), chars(META_DESCRIPTION)),
    (P("UpdateArticleRequest", "tags"), items(LABELS)),
    (P("UpdateArticleRequest", "related_article_ids"), items(RELATED)),
    (Param("list_articles", "q"), chars(QUERY)),
    // Sections
    (P("CreateSectionRequest", "heading"), chars(TITLE)),
    (P("CreateSectionRequest", "subheading"), chars(TITLE)),
    (P("CreateSectionRequest", "body"), chars(SECTION_BODY)),
    (P("CreateSectionRequest", "media_caption"), chars(CAPTION)),
    (P("UpdateSectionRequest", "heading"), chars(TITLE)),
    (P("UpdateSectionRequest", "subheading"), chars(TITLE)),
    (P("UpdateSectionRequest", "body"), chars(SECTION_BODY)),
    (P("UpdateSectionRequest", "media_caption"), chars(CAPTION)),
    // Movies and credits
    (P("CreateMovieRequest", "slug"), chars(SLUG)),
    (P("CreateMovieRequest", "title"), chars(TITLE)),
    (P("CreateMovieRequest", "original_title"), chars(TITLE)),
    (P("CreateMovieRequest", "synopsis"), chars(LONG_TEXT)),
    (P("CreateMovieRequest", "genres"), items(LABELS)),
    (P("UpdateMovieRequest", "slug"), chars(SLUG)),
    (P("UpdateMovieRequest", "title"), chars(TITLE)),
    (P("UpdateMovieRequest", "original_title"), chars(TITLE)),
    (P("UpdateMovieRequest", "synopsis"), chars(LONG_TEXT)),
    (P("UpdateMovieRequest", "genres"), items(LABELS)),
    (P("MovieResponse", "original_title"), chars(TITLE)),
    (P("MovieResponse", "synopsis"), chars(LONG_TEXT)),
    (P("PublicMovieSummary", "original_title"), chars(TITLE)),
    (P("PublicMovieSummary", "synopsis"), chars(LONG_TEXT)),
    (Param("list_movies", "q"), chars(QUERY)),
    (P("CreateCreditRequest", "character"), chars(TITLE)),
    (P("UpdateCreditRequest", "character"), chars(TITLE)),
    // Cast members
    (P("CreateCastMemberRequest", "slug"), chars(SLUG)),
    (P("CreateCastMemberRequest", "name"), chars(TITLE)),
    (P("CreateCastMemberRequest", "bio"), chars(LONG_TEXT)),
    (P("UpdateCastMemberRequest", "slug"), chars(SLUG)),
    (P("UpdateCastMemberRequest", "name"), chars(TITLE)),
    (P("UpdateCastMemberRequest", "bio"), chars(LONG_TEXT)),
    (P("CastMemberResponse", "bio"), chars(LONG_TEXT)),
    (P("PublicCastMemberSummary", "bio"), chars(LONG_TEXT)),
    (Param("list_cast_members", "q"), chars(QUERY)),
    // Comments and moderation
    (P("CreateCommentRequest", "author_name"), chars(COMMENT_AUTHOR)),
    (P("CreateCommentRequest", "author_email"), chars(EMAIL)),
    (P("CreateCommentRequest", "body"), chars(COMMENT_BODY)),
    (P("CreateCommentRequest", "website"), chars(HONEYPOT)),
    (P("UpdateCommentRequest", "moderation_note"), chars(MODERATION_NOTE)),
    (P("BulkModerateRequest", "ids"), one_to(MODERATE_AT_ONCE)),
    (P("ModerationRules", "hold_words"), items(WORDS)),
    (P("ModerationRules", "block_words"), items(WORDS)),
    (Param("list_comments_queue", "q"), chars(QUERY)),
    // Users, sessions, tokens
    (P("CreateUserRequest", "email"), chars(EMAIL)),
    (P("CreateUserRequest", "display_name"), chars(DISPLAY_NAME)),
    (P("CreateUserRequest", "password"), chars_between(PASSWORD_MIN, PASSWORD_MAX)),
    (P("UpdateUserRequest", "display_name"), chars(DISPLAY_NAME)),
    (P("UpdateUserRequest", "password"), chars_between(PASSWORD_MIN, PASSWORD_MAX)),
    (P("UpdateProfileRequest", "display_name"), chars(DISPLAY_NAME)),
    (P("ProfileFields", "slug"), chars(SLUG)),
    (P("ProfileFields", "bio"), chars(AUTHOR_BIO)),
    (P("ChangePasswordRequest", "current_password"), chars(PASSWORD_MAX)),
    (P("ChangePasswordRequest", "new_password"), chars_between(PASSWORD_MIN, PASSWORD_MAX)),
    (P("CreateTokenRequest", "name"), chars(DISPLAY_NAME)),
    (Param("list_audit", "action"), chars(AUDIT_ACTION)),
    // Webhooks
    (P("CreateWebhookRequest", "secret"), chars_between(WEBHOOK_SECRET_MIN, WEBHOOK_SECRET_MAX)),
    (P("CreateWebhookRequest", "events"), one_to(WEBHOOK_EVENTS)),
    (P("UpdateWebhookRequest", "secret"), chars_between(WEBHOOK_SECRET_MIN, WEBHOOK_SECRET_MAX)),
    (P("UpdateWebhookRequest", "events"), one_to(WEBHOOK_EVENTS)),
    // Search
    (Param("search", "q"), chars(QUERY)),
    // Redirects
    (P("CreateRedirectRequest", "from_path"), chars(crate::domain::addresses::PATH_MAX)),
    (P("CreateRedirectRequest", "to"), chars(URL)),
    (P("CreateRedirectRequest", "note"), chars(REDIRECT_NOTE)),
    (P("UpdateRedirectRequest", "from_path"), chars(crate::domain::addresses::PATH_MAX)),
    (P("UpdateRedirectRequest", "to"), chars(URL)),
    (P("UpdateRedirectRequest", "note"), chars(REDIRECT_NOTE)),
    (Param("resolve_redirect", "path"), chars(crate::domain::addresses::PATH_MAX)),
    (Param("list_redirects", "q"), chars(QUERY)),
    // Media
    (P("UpdateMediaRequest", "filename"), chars(FILENAME)),
    (P("UpdateMediaRequest", "alt"), chars(ALT)),
    (P("UpdateMediaRequest", "caption"), chars(CAPTION)),
    (P("UpdateMediaRequest", "credit"), chars(CREDIT)),
    (P("UploadForm", "filename"), chars(FILENAME)),
    (P("UploadForm", "alt"), chars(ALT)),
    (P("UploadForm", "caption"), chars(CAPTION)),
    (P("UploadForm", "credit"), chars(CREDIT)),
    (Param("upload_media", "filename"), chars(FILENAME)),
    (Param("upload_media", "alt"), chars(ALT)),
    (Param("upload_media", "caption"), chars(CAPTION)),
    (Param("upload_media", "credit"), chars(CREDIT)),
    (Param("list_media", "q"), chars(QUERY)),
];
