//! Table definitions for diesel, matching `migrations/sqlite` and `migrations/postgres`
//! (checked by `tests/api/migrations.rs`), one file per part of the system; the joins and
//! which tables may meet in a query are here. Timestamps are UTC without a zone.

mod accounts;
mod content;
mod library;
mod operations;

pub use accounts::*;
pub use content::*;
pub use library::*;
pub use operations::*;

diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(credits -> movies (movie_id));
diesel::joinable!(credits -> cast_members (cast_member_id));
diesel::joinable!(articles -> movies (movie_id));
diesel::joinable!(articles -> users (author_id));
diesel::joinable!(article_tags -> articles (article_id));
diesel::joinable!(article_tags -> tags (tag_id));
diesel::joinable!(sections -> articles (article_id));
diesel::joinable!(comments -> articles (article_id));
diesel::joinable!(revisions -> articles (article_id));
diesel::joinable!(preview_tokens -> articles (article_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    refresh_tokens,
    api_tokens,
    settings,
    movies,
    cast_members,
    credits,
    articles,
    tags,
    article_tags,
    related_articles,
    sections,
    comments,
    revisions,
    preview_tokens,
    changes,
    login_failures,
    audit_log,
    webhooks,
    webhook_deliveries,
    webhook_attempts,
    import_sources,
    slug_history,
    redirects,
    media,
    media_jobs,
    section_media,
);
