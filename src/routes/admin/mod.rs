//! `/api/v1/admin`: the editorial and administrative API. Every route takes a Bearer
//! credential; each handler's extractor names the roles that may call it.

pub mod articles;
pub mod audit;
pub mod cast_members;
pub mod comments;
pub mod credits;
pub mod media;
pub mod movies;
pub mod redirects;
pub mod revisions;
pub mod sections;
pub mod settings;
pub mod tokens;
pub mod users;
pub mod webhooks;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(users::list_users)
        .service(users::create_user)
        .service(users::get_user)
        .service(users::update_user)
        .service(users::delete_user)
        .service(tokens::list_tokens)
        .service(tokens::create_token)
        .service(tokens::delete_token)
        .service(webhooks::list_webhooks)
        .service(webhooks::create_webhook)
        .service(webhooks::get_webhook)
        .service(webhooks::update_webhook)
        .service(webhooks::delete_webhook)
        .service(webhooks::list_deliveries)
        .service(webhooks::redeliver)
        .service(audit::list_audit)
        .service(movies::list_movies)
        .service(movies::create_movie)
        .service(movies::get_movie)
        .service(movies::update_movie)
        .service(movies::delete_movie)
        .service(credits::list_credits)
        .service(credits::create_credit)
        .service(credits::update_credit)
        .service(credits::delete_credit)
        .service(cast_members::list_cast_members)
        .service(cast_members::create_cast_member)
        .service(cast_members::get_cast_member)
        .service(cast_members::update_cast_member)
        .service(cast_members::delete_cast_member)
        .service(articles::list_articles)
        .service(articles::create_article)
        .service(articles::get_article)
        .service(articles::update_article)
        .service(articles::delete_article)
        .service(articles::publish_article)
        .service(articles::unpublish_article)
        .service(articles::archive_article)
        .service(articles::preview_article)
        .service(articles::create_preview_token)
        .service(sections::reorder_sections)
        .service(sections::list_sections)
        .service(sections::create_section)
        .service(sections::get_section)
        .service(sections::update_section)
        .service(sections::delete_section)
        .service(revisions::list_revisions)
        .service(revisions::get_revision)
        .service(revisions::restore_revision)
        .service(comments::moderate_comments)
        .service(comments::list_comments_queue)
        .service(comments::moderate_comment)
        .service(comments::delete_comment)
        .service(media::upload_media)
        .service(media::list_media)
        .service(media::get_media)
        .service(media::update_media)
        .service(media::delete_media)
        .service(redirects::list_redirects)
        .service(redirects::create_redirect)
        .service(redirects::export_redirects)
        .service(redirects::get_redirect)
        .service(redirects::update_redirect)
        .service(redirects::delete_redirect)
        .service(settings::get_moderation_rules)
        .service(settings::put_moderation_rules);
}
