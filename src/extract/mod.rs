//! Request extractors: what a handler's signature asks of a request — a checked JSON body,
//! an `If-Match` precondition, an authenticated caller with the role the route needs. Every
//! failure is a problem document.

mod client;
mod identity;
mod if_match;
mod json;
pub mod upload;

pub use client::{client_key, forwarded_client};
pub use identity::{
    authenticate, Admin, Capability, CatalogueEditor, Moderator, Publisher, Redirector, Require, Writer,
};
pub use if_match::{etag, none_match, IfMatch, IfMatchHeader};
pub use json::{parse_json, Json, OptionalJson, BODY_LIMIT};
