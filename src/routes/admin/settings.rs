//! Site settings (admins): the comment moderation rules.

use actix_web::{get, put, web, HttpResponse};

use crate::content::settings;
use crate::domain::moderation::ModerationRules;
use crate::error::{ApiError, FieldError};
use crate::extract::{Admin, Json};
use crate::state::AppState;

/// The moderation rules new comments go through.
#[utoipa::path(tag = "settings", responses((status = 200, body = ModerationRules)))]
#[get("/settings/moderation")]
pub async fn get_moderation_rules(state: web::Data<AppState>, _admin: Admin) -> Result<HttpResponse, ApiError> {
    let rules = state.db.run(settings::moderation_rules).await?;
    Ok(HttpResponse::Ok().json(rules))
}

/// Replace the moderation rules.
#[utoipa::path(tag = "settings", request_body = ModerationRules, responses((status = 200, body = ModerationRules)))]
#[put("/settings/moderation")]
pub async fn put_moderation_rules(
    state: web::Data<AppState>,
    admin: Admin,
    body: Json<ModerationRules>,
) -> Result<HttpResponse, ApiError> {
    let rules = body.into_inner()?.checked().map_err(|errors| {
        ApiError::Validation(errors.into_iter().map(|(field, message)| FieldError::new(field, message)).collect())
    })?;
    let saved = rules.clone();
    state.db.write(move |conn| settings::set_moderation_rules(conn, Some(admin.user_id), &saved)).await?;
    Ok(HttpResponse::Ok().json(rules))
}
