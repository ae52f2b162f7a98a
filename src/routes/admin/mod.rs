//! `/api/v1/admin`: the editorial and administrative API. Every route takes a Bearer
//! credential; each handler's extractor names the roles that may call it.

pub mod audit;
pub mod tokens;
pub mod users;

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
        .service(audit::list_audit);
}
