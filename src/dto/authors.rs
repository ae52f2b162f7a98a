//! An author's public page.

use serde::Serialize;
use utoipa::ToSchema;

use super::summaries::{ArticleSummary, AuthorProfile};
use crate::content::views::AuthorPage;

/// An author's profile and their published articles, newest first (at most 100; page
/// through all of them with `GET /articles?author={slug}`). Never an email.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicAuthor {
    #[serde(flatten)]
    pub profile: AuthorProfile,
    pub articles: Vec<ArticleSummary>,
}

impl PublicAuthor {
    /// The page, its library images under `base`.
    pub fn new(page: AuthorPage, base: &str) -> Self {
        PublicAuthor {
            profile: AuthorProfile::new(page.profile, page.avatar.as_ref(), base),
            articles: page.articles.into_iter().map(|s| ArticleSummary::new(s, base)).collect(),
        }
    }
}
