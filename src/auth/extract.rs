//! Who is calling: the `Identity` extractor authenticates the bearer credential (an access
//! token or an API token); `Require<C>` adds a role check, so a handler's signature says who
//! may call it. Failures are 401 (who are you?) and 403 (you may not).

use std::marker::PhantomData;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::{permissions, tokens};
use crate::db;
use crate::domain::Role;
use crate::error::ApiError;
use crate::state::AppState;

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Identity {
    pub user_id: i64,
    /// The effective role: the user's for an access token, the token's for an API token.
    pub role: Role,
    /// Set when the caller used an API token.
    pub api_token_id: Option<i64>,
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// Checks a bearer credential against the database.
pub async fn authenticate(state: &AppState, token: String) -> Result<Identity, ApiError> {
    if token.starts_with(tokens::API_TOKEN_PREFIX) {
        let hash = tokens::hash(&token);
        return state
            .db
            .run(move |conn| {
                let (api_token, owner) = db::api_tokens::find_live(conn, &hash)?.ok_or_else(ApiError::unauthorized)?;
                // A token never outranks its owner, even after the owner is demoted.
                if owner.disabled || !owner.role.includes(api_token.role) {
                    return Err(ApiError::unauthorized());
                }
                db::api_tokens::touch(conn, api_token.id)?;
                Ok(Identity { user_id: owner.id, role: api_token.role, api_token_id: Some(api_token.id) })
            })
            .await;
    }
    let claims = state.jwt.verify(&token).ok_or_else(ApiError::unauthorized)?;
    let user_id = claims.user_id().ok_or_else(ApiError::unauthorized)?;
    let user =
        state.db.run(move |conn| Ok(db::users::find(conn, user_id)?)).await?.ok_or_else(ApiError::unauthorized)?;
    if user.disabled || user.token_version != claims.tv || user.role != claims.role {
        return Err(ApiError::unauthorized());
    }
    Ok(Identity { user_id, role: user.role, api_token_id: None })
}

impl FromRequest for Identity {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("application state missing")))?;
            authenticate(&state, token.ok_or_else(ApiError::unauthorized)?).await
        })
    }
}

/// A rule of the roles table that an extractor can enforce.
pub trait Capability {
    fn allows(role: Role) -> bool;
}

/// An identity whose role passes `C`; 401 without credentials, 403 for the wrong role.
#[derive(Debug)]
pub struct Require<C> {
    pub identity: Identity,
    capability: PhantomData<C>,
}

impl<C> Deref for Require<C> {
    type Target = Identity;
    fn deref(&self) -> &Identity {
        &self.identity
    }
}

impl<C: Capability + 'static> FromRequest for Require<C> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let identity = Identity::from_request(req, payload);
        Box::pin(async move {
            let identity = identity.await?;
            if !C::allows(identity.role) {
                return Err(ApiError::forbidden());
            }
            Ok(Require { identity, capability: PhantomData })
        })
    }
}

macro_rules! capability {
    ($($(#[$meta:meta])* $alias:ident = $name:ident($rule:path);)+) => {$(
        #[derive(Debug)]
        pub struct $name;
        impl Capability for $name {
            fn allows(role: Role) -> bool {
                $rule(role)
            }
        }
        $(#[$meta])*
        pub type $alias = Require<$name>;
    )+};
}

capability! {
    /// Admins only: users, webhooks, the audit log.
    Admin = Administer(permissions::can_administer);
    /// Admins and editors: movies, cast members, credits.
    CatalogueEditor = EditCatalogue(permissions::can_edit_catalogue);
    /// Admins, editors and authors: articles and their sections.
    Writer = WriteArticles(permissions::can_write_articles);
    /// Admins and editors: publishing, unpublishing, scheduling.
    Publisher = Publish(permissions::can_publish);
    /// Admins, editors and moderators: the comment queue.
    Moderator = Moderate(permissions::can_moderate);
}

/// The caller's network address, for per-client limits (never stored in clear).
pub fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr().map(|a| a.ip().to_string()).unwrap_or_else(|| "unknown".into())
}
