//! Who is calling: the [`Identity`] extractor authenticates the bearer credential (an access
//! token or an API token); [`Require<C>`] adds a role check, so a handler's signature says
//! who may call it. Failures are 401 (who are you?) and 403 (you may not).

use std::marker::PhantomData;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use crate::auth::{permissions, tokens, Identity};
use crate::content::sessions;
use crate::domain::Role;
use crate::error::ApiError;
use crate::state::AppState;

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// Checks a bearer credential: an API token against its stored hash, an access token by
/// its signature and then against its user's current state.
pub async fn authenticate(state: &AppState, token: String) -> Result<Identity, ApiError> {
    let identity = if token.starts_with(tokens::API_TOKEN_PREFIX) {
        let hash = tokens::hash(&token);
        state.db.run(move |conn| sessions::api_token_identity(conn, &hash)).await?
    } else {
        let claims = state.jwt.verify(&token).ok_or_else(ApiError::unauthorized)?;
        state.db.run(move |conn| sessions::access_token_identity(conn, &claims)).await?
    };
    identity.ok_or_else(ApiError::unauthorized)
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
    /// Admins only: users, site settings, the audit log.
    Admin = Administer(permissions::can_administer);
    /// Admins and editors: movies, cast members, credits.
    CatalogueEditor = EditCatalogue(permissions::can_edit_catalogue);
    /// Admins, editors and authors: articles and their sections.
    Writer = WriteArticles(permissions::can_write_articles);
    /// Admins and editors: publishing, unpublishing, scheduling.
    Publisher = Publish(permissions::can_publish);
    /// Admins and editors: the redirect manager.
    Redirector = ManageRedirects(permissions::can_manage_redirects);
    /// Admins, editors and moderators: the comment queue.
    Moderator = Moderate(permissions::can_moderate);
}
